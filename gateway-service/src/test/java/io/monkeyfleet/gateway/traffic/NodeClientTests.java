package io.monkeyfleet.gateway.traffic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.config.HttpClientProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The direct path's own HTTP client against real sockets: a small node that answers as
 * each test needs (thread per connection), and a real Netty event loop.
 */
class NodeClientTests {

	private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

	private final List<ServerSocket> servers = new CopyOnWriteArrayList<>();

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger closedByClient = new AtomicInteger();

	private Channel client;

	private final NodeClient nodeClient = new NodeClient(
			new NodeClient.Settings(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(10), 8192, 4096));

	@BeforeEach
	void clientConnection() {
		// The connection a request came on: only its event loop and type are used.
		this.client = new NioSocketChannel();
		this.loops.next().register(this.client).syncUninterruptibly();
	}

	@AfterEach
	void close() throws IOException {
		for (ServerSocket server : this.servers) {
			server.close();
		}
		this.client.close();
		this.loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
	}

	@Test
	void keepsAConnectionForTheNextRequest() throws Exception {
		InetSocketAddress node = node((connection, request, out) -> answer(out, "hello"));

		assertThat(body(node)).isEqualTo("hello");
		assertThat(body(node)).isEqualTo("hello");
		assertThat(body(node)).isEqualTo("hello");

		assertThat(this.connections).hasValue(1);
	}

	@Test
	void aPooledConnectionTheNodeDroppedIsReplacedOnce() throws Exception {
		// The node answers the first request on each connection and drops the second
		// without a word, as a node closing an idle connection at that moment does.
		InetSocketAddress node = node((connection, request, out) -> {
			if (request > 1) {
				throw new IOException("drop");
			}
			answer(out, "fresh");
		});

		assertThat(body(node)).isEqualTo("fresh");
		assertThat(body(node)).isEqualTo("fresh");

		assertThat(this.connections).hasValue(2);
	}

	@Test
	void aNewConnectionClosedBeforeAnAnswerIsNoAnswer() throws Exception {
		InetSocketAddress node = node((connection, request, out) -> {
			throw new IOException("drop");
		});

		assertThatThrownBy(() -> body(node)).hasRootCauseInstanceOf(NodeClient.ClosedBeforeAnswer.class);
		assertThat(Failure.of(catchCause(node))).isEqualTo(Failure.CLOSED);
	}

	@Test
	void aRefusedConnectionIsAConnectFailure() throws Exception {
		ServerSocket gone = new ServerSocket(0);
		InetSocketAddress node = new InetSocketAddress("127.0.0.1", gone.getLocalPort());
		gone.close();

		Throwable error = catchCause(node);

		assertThat(error).isInstanceOf(ConnectException.class);
		assertThat(Failure.of(error)).isEqualTo(Failure.CONNECT);
	}

	@Test
	void noStatusLineWithinTheResponseTimeoutIsATimeoutAndTheConnectionIsNotKept() throws Exception {
		// The first connection's request is never answered.
		InetSocketAddress node = node((connection, request, out) -> {
			if (connection > 1) {
				answer(out, "on time");
			}
		});

		Throwable error = catchCause(node);

		assertThat(error).isInstanceOf(TimeoutException.class);
		assertThat(Failure.of(error)).isEqualTo(Failure.TIMEOUT);
		assertThat(body(node)).isEqualTo("on time");
		assertThat(this.connections).hasValue(2);
	}

	@Test
	void informationalAnswersArePassedOver() throws Exception {
		InetSocketAddress node = node((connection, request, out) -> {
			out.write("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			answer(out, "after hints");
		});

		NodeClient.Answer answer = send(node).block(Duration.ofSeconds(5));

		assertThat(answer.head().status().code()).isEqualTo(200);
		assertThat(text(answer)).isEqualTo("after hints");
	}

	@Test
	void aLargeBodyComesWholeToASlowReaderAndAReaderThatLeavesClosesTheConnection() throws Exception {
		int size = 8 * 1024 * 1024;
		InetSocketAddress node = node((connection, request, out) -> {
			out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			byte[] chunk = new byte[64 * 1024];
			for (int sent = 0; sent < size; sent += chunk.length) {
				out.write(chunk);
			}
			out.flush();
		});

		NodeClient.Answer answer = send(node).block(Duration.ofSeconds(5));
		AtomicLong bytes = new AtomicLong();
		answer.body().limitRate(1).doOnNext((part) -> {
			bytes.addAndGet(part.readableBytes());
			part.release();
		}).blockLast(Duration.ofSeconds(30));
		assertThat(bytes).hasValue(size);

		NodeClient.Answer leaving = send(node).block(Duration.ofSeconds(5));
		leaving.body().take(1).doOnNext(ByteBuf::release).blockLast(Duration.ofSeconds(5));
		await("the node sees the connection closed").atMost(Duration.ofSeconds(5))
			.until(() -> this.closedByClient.get() >= 1);
	}

	@Test
	void leavesToReactorNettysClientWhatItDoesNotDo() {
		assertThat(NodeClient.honours(new HttpClientProperties())).isTrue();
		HttpClientProperties wiretap = new HttpClientProperties();
		wiretap.setWiretap(true);
		HttpClientProperties compression = new HttpClientProperties();
		compression.setCompression(true);
		HttpClientProperties proxy = new HttpClientProperties();
		proxy.getProxy().setHost("proxy.internal");
		HttpClientProperties bounded = new HttpClientProperties();
		bounded.getPool().setType(HttpClientProperties.Pool.PoolType.FIXED);
		HttpClientProperties lifetime = new HttpClientProperties();
		lifetime.getPool().setMaxLifeTime(Duration.ofMinutes(5));

		assertThat(List.of(wiretap, compression, proxy, bounded, lifetime)).noneMatch(NodeClient::honours);
	}

	private Mono<NodeClient.Answer> send(InetSocketAddress node) {
		DefaultHttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
		request.headers().set("Host", node.getHostString() + ":" + node.getPort());
		return this.nodeClient.send(this.client, node, request);
	}

	private String body(InetSocketAddress node) {
		return text(send(node).block(Duration.ofSeconds(5)));
	}

	private static String text(NodeClient.Answer answer) {
		StringBuilder text = new StringBuilder();
		answer.body().doOnNext((part) -> {
			text.append(part.toString(StandardCharsets.UTF_8));
			part.release();
		}).blockLast(Duration.ofSeconds(5));
		return text.toString();
	}

	private Throwable catchCause(InetSocketAddress node) {
		try {
			send(node).block(Duration.ofSeconds(5));
		}
		catch (RuntimeException ex) {
			Throwable cause = ex;
			while (cause.getCause() != null && !(cause instanceof IOException)
					&& !(cause instanceof TimeoutException)) {
				cause = cause.getCause();
			}
			return cause;
		}
		throw new AssertionError("the request succeeded");
	}

	private static void answer(OutputStream out, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + bytes.length + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.write(bytes);
		out.flush();
	}

	/**
	 * A node on a free port: for each request (connections numbered from 1, requests from
	 * 1 on each) the handler writes the answer; throwing drops the connection.
	 */
	private InetSocketAddress node(NodeBehaviour behaviour) throws IOException {
		ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
		this.servers.add(server);
		daemon(() -> {
			while (!server.isClosed()) {
				try {
					Socket socket = server.accept();
					int connection = this.connections.incrementAndGet();
					daemon(() -> serve(socket, connection, behaviour));
				}
				catch (IOException ex) {
					return;
				}
			}
		});
		return new InetSocketAddress("127.0.0.1", server.getLocalPort());
	}

	private static void daemon(Runnable task) {
		Thread thread = new Thread(task, "test-node");
		thread.setDaemon(true);
		thread.start();
	}

	private void serve(Socket socket, int connection, NodeBehaviour behaviour) {
		try (socket) {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			OutputStream out = socket.getOutputStream();
			for (int request = 1;; request++) {
				String line = in.readLine();
				if (line == null) {
					this.closedByClient.incrementAndGet();
					return;
				}
				while (!line.isEmpty()) {
					line = in.readLine();
				}
				behaviour.accept(connection, request, out);
			}
		}
		catch (IOException ex) {
			// Dropped on purpose, or the client went away mid-answer.
			if (!"drop".equals(ex.getMessage())) {
				this.closedByClient.incrementAndGet();
			}
		}
	}

	@FunctionalInterface
	private interface NodeBehaviour {

		/** Writes the answer; returns without one to leave the request unanswered. */
		void accept(int connection, int request, OutputStream out) throws IOException;

	}

}
