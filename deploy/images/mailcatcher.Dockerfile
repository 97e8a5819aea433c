# A mail catcher for machines without Docker Hub: GreenMail standalone on a Java 17 runtime, on the
# ports Mailpit uses (SMTP 1025, HTTP 8025), so it stands in for axllent/mailpit in compose. Every
# mail is kept in memory; read them with GET /api/user/<recipient>/messages/INBOX.
# Build context: a folder holding greenmail-standalone.jar (build-base-images.sh makes it).
ARG JRE_IMAGE=eclipse-temurin:17-jre
FROM ${JRE_IMAGE}
COPY greenmail-standalone.jar /opt/greenmail/greenmail-standalone.jar
USER 65534:65534
EXPOSE 1025 8025
ENTRYPOINT ["java", "-Xmx64m", "-XX:+UseSerialGC", "-Dgreenmail.smtp.port=1025", "-Dgreenmail.smtp.hostname=0.0.0.0", \
    "-Dgreenmail.auth.disabled", "-Dgreenmail.api.port=8025", "-Dgreenmail.api.hostname=0.0.0.0", "-Dgreenmail.verbose=false", \
    "-jar", "/opt/greenmail/greenmail-standalone.jar"]
