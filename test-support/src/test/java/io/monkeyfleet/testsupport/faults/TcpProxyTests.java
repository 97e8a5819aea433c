package io.monkeyfleet.testsupport.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The proxy's modes against a real echo server on loopback. */
class TcpProxyTests {

	private final ServerSocket echo = echoServer();

	private final TcpProxy proxy = TcpProxy.to("127.0.0.1", this.echo.getLocalPort());

	@AfterEach
	void close() throws IOException {
		this.proxy.close();
		this.echo.close();
	}

	@Test
	void passingItForwardsBothWays() throws IOException {
		try (Socket client = connect()) {
			assertThat(roundTrip(client, "hello")).isEqualTo("hello");
		}
		assertThat(this.proxy.connections()).isEqualTo(1);
	}

	@Test
	void delayingItStillDeliversEveryByteLater() throws IOException {
		this.proxy.delay(Duration.ofMillis(300));
		try (Socket client = connect()) {
			long began = System.nanoTime();
			assertThat(roundTrip(client, "slow")).isEqualTo("slow");
			// Each direction's chunk waits once.
			assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
		}
	}

	@Test
	void droppingItAnswersNothingUntilItPassesAgain() throws IOException {
		this.proxy.drop();
		try (Socket client = connect()) {
			client.setSoTimeout(500);
			client.getOutputStream().write("lost".getBytes(StandardCharsets.US_ASCII));
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> client.getInputStream().read());
		}
		this.proxy.pass();
		try (Socket client = connect()) {
			assertThat(roundTrip(client, "back")).isEqualTo("back");
		}
	}

	@Test
	void cuttingItClosesOpenConnectionsAndEveryNewOne() throws IOException {
		try (Socket open = connect()) {
			assertThat(roundTrip(open, "before")).isEqualTo("before");
			this.proxy.cut();
			assertThat(endOrReset(open)).as("the open connection").isTrue();
		}
		assertThat(newConnectionEndsOrIsReset()).as("a new connection").isTrue();
	}

	/**
	 * Whether a new connection through the proxy is ended. The proxy resets it right
	 * after accepting it, which can reach the client while its connect is still
	 * finishing: a reset then surfaces from {@code connect} itself, and counts the same.
	 */
	private boolean newConnectionEndsOrIsReset() {
		try (Socket later = new Socket()) {
			later.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.proxy.port()), 2000);
			return endOrReset(later);
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.proxy.port());
		socket.setSoTimeout(5000);
		return socket;
	}

	private static String roundTrip(Socket client, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
		client.getOutputStream().write(bytes);
		client.getOutputStream().flush();
		return new String(client.getInputStream().readNBytes(bytes.length), StandardCharsets.US_ASCII);
	}

	/** Whether reading finds the connection ended (end of stream or a reset). */
	private static boolean endOrReset(Socket socket) {
		try {
			socket.setSoTimeout(2000);
			return socket.getInputStream().read() < 0;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	private static ServerSocket echoServer() {
		try {
			ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(() -> {
				while (!server.isClosed()) {
					try {
						Socket socket = server.accept();
						Thread echo = new Thread(() -> {
							try (socket;
									InputStream in = socket.getInputStream();
									OutputStream out = socket.getOutputStream()) {
								in.transferTo(out);
							}
							catch (IOException ex) {
								// The client or the proxy went away.
							}
						});
						echo.setDaemon(true);
						echo.start();
					}
					catch (IOException ex) {
						// Closed: the test is over.
					}
				}
			}, "echo");
			acceptor.setDaemon(true);
			acceptor.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
