package io.monkeyfleet.provisioner.drivers.docker;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Engine API client, made on first use (so a provisioner without docker hosts needs
 * no socket) and closed with the provisioner. The configured host wins over
 * {@code DOCKER_HOST}; no registry credentials are ever needed, since the driver never
 * pulls.
 */
public class DockerClients implements Supplier<DockerClient>, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(DockerClients.class);

	private final DockerDriverProperties properties;

	private DockerClient client;

	public DockerClients(DockerDriverProperties properties) {
		this.properties = properties;
	}

	@Override
	public synchronized DockerClient get() {
		if (this.client == null) {
			DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
				.withDockerHost(this.properties.host().toString())
				.withDockerTlsVerify(false)
				.build();
			ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
				.maxConnections(16)
				.connectionTimeout(Duration.ofSeconds(5))
				.responseTimeout(this.properties.requestTimeout())
				.build();
			this.client = DockerClientImpl.getInstance(config, http);
		}
		return this.client;
	}

	@Override
	public synchronized void close() {
		if (this.client != null) {
			try {
				this.client.close();
			}
			catch (IOException ex) {
				logger.warn("Could not close the Docker client: {}", ex.getMessage());
			}
			this.client = null;
		}
	}

}
