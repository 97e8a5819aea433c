# The sample app (a plain JDK HTTP server, not a Spring Boot jar, so no layers to extract).
# Build context: the repository root, after `./mvnw -DskipTests package`:
#
#   docker build -f deploy/docker/sample-app.Dockerfile -t monkeyfleet/sample-app .

# The base images: the public ones by default; deploy/images/build-base-images.sh makes local ones
# from Debian packages for machines without a registry (JDK_IMAGE, JRE_IMAGE).
ARG JDK_IMAGE=eclipse-temurin:17-jdk
ARG JRE_IMAGE=eclipse-temurin:17-jre

FROM ${JDK_IMAGE} AS build
WORKDIR /build
COPY deploy/docker/HealthProbe.java /build/probe/
RUN javac --release 17 -d /build/probe/classes /build/probe/HealthProbe.java

FROM ${JRE_IMAGE}
RUN groupadd --system --gid 10001 monkeyfleet \
    && useradd --system --uid 10001 --gid monkeyfleet --no-create-home --shell /usr/sbin/nologin monkeyfleet
WORKDIR /app
COPY sample-app/target/sample-app-*.jar /app/sample-app.jar
COPY --from=build /build/probe/classes/ /opt/healthprobe/
USER 10001:10001
ENV PORT=9000 \
    BIND_ADDRESS=0.0.0.0 \
    HEALTHCHECK_URL=http://127.0.0.1:9000/health \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC"
EXPOSE 9000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx16m", "-cp", "/opt/healthprobe", "HealthProbe"]
ENTRYPOINT ["java", "-jar", "/app/sample-app.jar"]
