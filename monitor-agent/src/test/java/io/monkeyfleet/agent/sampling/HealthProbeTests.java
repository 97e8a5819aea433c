package io.monkeyfleet.agent.sampling;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import io.monkeyfleet.model.AppHealth;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HealthProbeTests {

	private static final Duration TIMEOUT = Duration.ofMillis(300);

	@Test
	void twoHundredIsUpAnythingElseIsDown() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/ok", (exchange) -> {
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.createContext("/sick", (exchange) -> {
			exchange.sendResponseHeaders(503, -1);
			exchange.close();
		});
		server.start();
		try {
			String base = "http://127.0.0.1:" + server.getAddress().getPort();
			assertThat(new HealthProbe(URI.create(base + "/ok"), TIMEOUT).probe()).isEqualTo(AppHealth.UP);
			assertThat(new HealthProbe(URI.create(base + "/sick"), TIMEOUT).probe()).isEqualTo(AppHealth.DOWN);
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void anAppThatAcceptsButNeverAnswersIsDownWithinTheTimeout() throws IOException {
		try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
			HealthProbe probe = new HealthProbe(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"), TIMEOUT);
			long started = System.nanoTime();
			assertThat(probe.probe()).isEqualTo(AppHealth.DOWN);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.multipliedBy(10));
		}
	}

	@Test
	void aRefusedConnectionIsDown() throws IOException {
		int port;
		try (ServerSocket closed = new ServerSocket(0)) {
			port = closed.getLocalPort();
		}
		assertThat(new HealthProbe(URI.create("http://127.0.0.1:" + port + "/"), TIMEOUT).probe())
			.isEqualTo(AppHealth.DOWN);
	}

	@Test
	void withoutAUrlHealthIsUnknownNeverUp() {
		assertThat(new HealthProbe(null, TIMEOUT).probe()).isEqualTo(AppHealth.UNKNOWN);
	}

}
