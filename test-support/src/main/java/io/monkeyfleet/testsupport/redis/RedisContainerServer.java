package io.monkeyfleet.testsupport.redis;

import io.monkeyfleet.testsupport.docker.DockerEngine;
import io.monkeyfleet.testsupport.process.FreePorts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Redis in a container, for machines with a reachable Docker engine. The host port is
 * fixed when the container is created, so {@link #stop()} and {@link #start()} keep it,
 * as they do for a {@link RedisServerProcess}.
 */
final class RedisContainerServer implements RealRedis {

	/**
	 * The public image the compose file uses; {@code REDIS_IMAGE} replaces it (CI points
	 * it at the one deploy/images/build-base-images.sh builds from Debian packages).
	 */
	static final String PUBLIC_IMAGE = "redis:7.2.5-bookworm";

	private static final int REDIS_PORT = 6379;

	private final GenericContainer<?> container;

	private final int hostPort;

	private RedisContainerServer(GenericContainer<?> container, int hostPort) {
		this.container = container;
		this.hostPort = hostPort;
	}

	static RedisContainerServer start(List<String> extraArguments) {
		List<String> command = new ArrayList<>(List.of("redis-server", "--save", "", "--appendonly", "no"));
		command.addAll(extraArguments);
		int hostPort = FreePorts.loopback();
		DockerImageName image = DockerImageName.parse(DockerEngine.image("REDIS_IMAGE", PUBLIC_IMAGE))
			.asCompatibleSubstituteFor("redis");
		GenericContainer<?> container = new GenericContainer<>(image).withExposedPorts(REDIS_PORT)
			.withCreateContainerCmdModifier((create) -> create.getHostConfig()
				.withPortBindings(new PortBinding(Ports.Binding.bindPort(hostPort), new ExposedPort(REDIS_PORT))))
			.withCommand(command.toArray(String[]::new))
			.waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1));
		container.start();
		return new RedisContainerServer(container, hostPort);
	}

	@Override
	public String host() {
		return this.container.getHost();
	}

	@Override
	public int port() {
		return this.hostPort;
	}

	@Override
	public void stop() {
		this.container.getDockerClient().stopContainerCmd(this.container.getContainerId()).exec();
	}

	@Override
	public void start() {
		this.container.getDockerClient().startContainerCmd(this.container.getContainerId()).exec();
		RedisPing.awaitAnswer(host(), this.hostPort, Duration.ofSeconds(20), () -> false);
	}

	@Override
	public void close() {
		this.container.stop();
	}

}
