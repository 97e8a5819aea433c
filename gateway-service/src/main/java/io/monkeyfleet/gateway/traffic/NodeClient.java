package io.monkeyfleet.gateway.traffic;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.util.unit.DataSize;

/**
 * The direct path's HTTP/1.1 client to the nodes: plain Netty, on the event loop of the
 * client's own connection, with one pool of kept-alive connections per event loop and
 * node, so a request never leaves its thread and takes no lock. Reactor Netty's client
 * (Spring Cloud Gateway's) costs more CPU per request than the rest of the proxying
 * together (docs/benchmarks.md); this one does only what a bodiless request to a plain
 * {@code http} node needs, with the gateway's settings of that client: connect timeout,
 * response timeout (to the status line, as Spring Cloud Gateway times it), idle time of a
 * pooled connection, and the response's header limits. {@link #honours} says when the
 * configuration asks for more (a proxy, wiretap, compression, a bounded pool), and then
 * the direct path uses Reactor Netty's client instead.
 * <p>
 * Flow control: a node's connection reads only as fast as the client takes the body (one
 * read at a time, on demand), so a slow client never makes the gateway buffer a large
 * answer. A pooled connection that turns out closed before any answer (the node closed it
 * while idle) is replaced by a new one once, as Reactor Netty's client does: the request
 * has no body, so sending it again is safe.
 */
final class NodeClient {

	/** Kept-alive connections kept per node and event loop; more are closed. */
	private static final int MAX_IDLE_PER_NODE = 256;

	private final Settings settings;

	private final ConcurrentMap<EventLoop, Map<InetSocketAddress, ArrayDeque<Channel>>> pools = new ConcurrentHashMap<>();

	/**
	 * @param connectTimeout how long a connection may take
	 * @param responseTimeout how long the status line may take after the request; null
	 * for no limit
	 * @param maxIdleTime how long a pooled connection may stay unused
	 * @param maxHeaderSize the largest header section of a response
	 * @param maxInitialLineLength the longest status line of a response
	 */
	record Settings(Duration connectTimeout, Duration responseTimeout, Duration maxIdleTime, int maxHeaderSize,
			int maxInitialLineLength) {

		static Settings of(HttpClientProperties properties) {
			Integer connect = properties.getConnectTimeout();
			Duration idle = properties.getPool().getMaxIdleTime();
			// Unset, Reactor Netty's defaults (HttpDecoderSpec, the connection provider).
			return new Settings(Duration.ofMillis((connect != null) ? connect : 30_000),
					properties.getResponseTimeout(), (idle != null) ? idle : Duration.ofSeconds(45),
					bytes(properties.getMaxHeaderSize(), 8192), bytes(properties.getMaxInitialLineLength(), 4096));
		}

		private static int bytes(DataSize size, int unset) {
			return (size != null) ? (int) size.toBytes() : unset;
		}

	}

	NodeClient(Settings settings) {
		this.settings = settings;
	}

	/**
	 * Whether this client does all the gateway's HTTP client configuration asks for; if
	 * not, Reactor Netty's client must be used.
	 */
	static boolean honours(HttpClientProperties properties) {
		HttpClientProperties.Pool pool = properties.getPool();
		return (properties.getProxy().getHost() == null || properties.getProxy().getHost().isBlank())
				&& !properties.isWiretap() && !properties.isCompression()
				&& pool.getType() == HttpClientProperties.Pool.PoolType.ELASTIC && pool.getMaxLifeTime() == null;
	}

	/**
	 * Sends a bodiless request to a node, from the event loop of {@code client} (the
	 * connection the request came on). Succeeds with the node's answer once its status
	 * line and headers are in; the body follows as the answer's {@code body} is consumed.
	 * Fails when the node gives no answer: the connection refused or not made in time,
	 * closed before an answer, or no status line within the response timeout.
	 */
	Mono<Answer> send(Channel client, InetSocketAddress node, HttpRequest request) {
		return Mono.create((sink) -> {
			Attempt attempt = new Attempt(client, node, request, sink);
			sink.onCancel(attempt::cancel);
			attempt.runOnLoop(() -> attempt.start(true));
		});
	}

	private ArrayDeque<Channel> idle(EventLoop loop, InetSocketAddress node) {
		// Only the loop's own thread touches its map: no lock.
		return this.pools.computeIfAbsent(loop, (key) -> new HashMap<>())
			.computeIfAbsent(node, (key) -> new ArrayDeque<>());
	}

	/** Connections and their state belong to their event loop's thread. */
	private static void runOn(EventLoop loop, Runnable task) {
		if (loop.inEventLoop()) {
			task.run();
		}
		else {
			loop.execute(task);
		}
	}

	private static Channel newChannelLike(Channel client) {
		try {
			return client.getClass().getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot open a " + client.getClass().getName() + " to a node", ex);
		}
	}

	/** One request on its way to a node, until its status line is in. */
	private final class Attempt {

		private final Channel client;

		private final EventLoop loop;

		private final InetSocketAddress node;

		private final HttpRequest request;

		private final MonoSink<Answer> sink;

		private NodeConnection connection;

		private boolean cancelled;

		Attempt(Channel client, InetSocketAddress node, HttpRequest request, MonoSink<Answer> sink) {
			this.client = client;
			this.loop = client.eventLoop();
			this.node = node;
			this.request = request;
			this.sink = sink;
		}

		/**
		 * On a pooled connection if there is one and {@code mayReuse}, else a new one.
		 */
		void start(boolean mayReuse) {
			if (this.cancelled) {
				return;
			}
			ArrayDeque<Channel> idle = idle(this.loop, this.node);
			while (mayReuse && !idle.isEmpty()) {
				Channel pooled = idle.pollLast();
				if (pooled.isActive()) {
					send(pooled, true);
					return;
				}
			}
			connect(idle).addListener((ChannelFutureListener) (future) -> {
				if (!future.isSuccess()) {
					if (!this.cancelled) {
						this.sink.error(future.cause());
					}
				}
				else if (this.cancelled) {
					future.channel().close();
				}
				else {
					send(future.channel(), false);
				}
			});
		}

		private ChannelFuture connect(ArrayDeque<Channel> idle) {
			Settings settings = NodeClient.this.settings;
			return new Bootstrap().group(this.loop)
				// The client connection's own type: it matches the event loop's
				// transport.
				.channelFactory(() -> newChannelLike(this.client))
				.option(ChannelOption.TCP_NODELAY, true)
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
				// Read only when the answer is wanted: see the class comment.
				.option(ChannelOption.AUTO_READ, false)
				.handler(new ChannelInitializer<>() {
					@Override
					protected void initChannel(Channel channel) {
						channel.pipeline()
							.addLast(new IdleStateHandler(0, 0, settings.maxIdleTime().toMillis(),
									TimeUnit.MILLISECONDS))
							.addLast(new HttpClientCodec(settings.maxInitialLineLength(), settings.maxHeaderSize(),
									8192))
							.addLast(new NodeConnection(idle));
					}
				})
				.connect(this.node);
		}

		private void send(Channel channel, boolean pooled) {
			this.connection = channel.pipeline().get(NodeConnection.class);
			ScheduledFuture<?> timeout = null;
			Duration limit = NodeClient.this.settings.responseTimeout();
			NodeConnection connection = this.connection;
			if (limit != null) {
				timeout = this.loop.schedule(() -> connection.timedOut(this, limit), limit.toMillis(),
						TimeUnit.MILLISECONDS);
			}
			connection.begin(this, timeout, pooled);
			channel.write(this.request);
			channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener((ChannelFutureListener) (written) -> {
				if (!written.isSuccess()) {
					connection.lost(written.cause());
				}
			});
			channel.read();
		}

		void cancel() {
			runOnLoop(() -> {
				this.cancelled = true;
				if (this.connection != null) {
					this.connection.cancelled(this);
				}
			});
		}

		void runOnLoop(Runnable task) {
			runOn(this.loop, task);
		}

	}

	/** A node's status line and headers, and its body as the client takes it. */
	record Answer(HttpResponse head, Flux<ByteBuf> body) {

	}

	/** The connection closed before the node answered. */
	static final class ClosedBeforeAnswer extends IOException {

		ClosedBeforeAnswer() {
			super("Connection to the node closed before it answered");
		}

	}

	/**
	 * One node connection's state: the request under way on it, if any. Lives on the
	 * connection's event loop only.
	 */
	private static final class NodeConnection extends ChannelInboundHandlerAdapter {

		private final ArrayDeque<Channel> idle;

		private ChannelHandlerContext context;

		/** The request waiting for its status line, if any. */
		private Attempt attempt;

		private ScheduledFuture<?> timeout;

		/** Whether the connection came from the pool (and may have been closed there). */
		private boolean pooled;

		private boolean received;

		private boolean informational;

		private boolean keepAlive;

		private boolean bodyEnded;

		/**
		 * Body parts read before the client's side subscribed; not null from the status
		 * line until the body is passed on or abandoned.
		 */
		private ArrayDeque<ByteBuf> early;

		private FluxSink<ByteBuf> body;

		NodeConnection(ArrayDeque<Channel> idle) {
			this.idle = idle;
		}

		@Override
		public void handlerAdded(ChannelHandlerContext context) {
			this.context = context;
		}

		void begin(Attempt attempt, ScheduledFuture<?> timeout, boolean pooled) {
			this.attempt = attempt;
			this.timeout = timeout;
			this.pooled = pooled;
			this.received = false;
			this.informational = false;
			this.bodyEnded = false;
			this.early = null;
			this.body = null;
		}

		/** No status line within the response timeout: the connection is not kept. */
		void timedOut(Attempt attempt, Duration limit) {
			if (this.attempt == attempt) {
				fail(new TimeoutException("Response took longer than timeout: " + limit.toMillis() + "ms"));
			}
		}

		/** The client went away before the answer: it would arrive for nobody. */
		void cancelled(Attempt attempt) {
			if (this.attempt == attempt) {
				this.attempt = null;
				abandon();
			}
		}

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			this.received = true;
			if (!(message instanceof HttpObject object) || inPool()) {
				// An idle connection the node spoke on is out of step: not reused.
				ReferenceCountUtil.release(message);
				abandon();
				return;
			}
			if (object.decoderResult().isFailure()) {
				ReferenceCountUtil.release(message);
				fail(new IOException("The node's answer is not valid HTTP: " + object.decoderResult().cause()));
				return;
			}
			if (object instanceof HttpResponse head) {
				// 1xx answers (102, 103) are followed by the real one; 101 never comes,
				// no upgrade is asked for.
				this.informational = head.status().codeClass() == HttpStatusClass.INFORMATIONAL;
				if (!this.informational) {
					headArrived(head);
				}
			}
			if (object instanceof HttpContent content) {
				if (this.informational) {
					content.release();
					return;
				}
				ByteBuf part = content.content();
				if (part.isReadable()) {
					emit(part);
				}
				else {
					part.release();
				}
				if (content instanceof LastHttpContent) {
					bodyEnded();
				}
			}
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext context) {
			// (The body's sink is let go as soon as the body has ended.)
			if (this.attempt != null || (this.body != null && this.body.requestedFromDownstream() > 0)) {
				context.read();
			}
		}

		@Override
		public void userEventTriggered(ChannelHandlerContext context, Object event) {
			// Idle in the pool, or an answer nobody took up: closed.
			if (event instanceof IdleStateEvent && (inPool() || (this.body == null && this.early != null))) {
				abandon();
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
			lost(cause);
		}

		@Override
		public void channelInactive(ChannelHandlerContext context) {
			lost(new ClosedBeforeAnswer());
		}

		/**
		 * The connection failed. A pooled one that failed before any answer was most
		 * likely closed by the node while idle: the request goes once more on a new
		 * connection.
		 */
		void lost(Throwable cause) {
			Attempt pending = this.attempt;
			if (pending != null && this.pooled && !this.received) {
				this.attempt = null;
				abandon();
				pending.start(false);
				return;
			}
			fail(cause);
		}

		private void headArrived(HttpResponse head) {
			cancelTimeout();
			Attempt pending = this.attempt;
			this.attempt = null;
			this.keepAlive = HttpUtil.isKeepAlive(head);
			this.early = new ArrayDeque<>();
			Flux<ByteBuf> flux = Flux.<ByteBuf>create((sink) -> runOnLoop(() -> subscribed(sink)))
				.doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease);
			pending.sink.success(new Answer(head, flux));
		}

		private void subscribed(FluxSink<ByteBuf> sink) {
			if (this.early == null) {
				// Abandoned meanwhile.
				sink.error(new ClosedBeforeAnswer());
				return;
			}
			this.body = sink;
			sink.onRequest((count) -> runOnLoop(() -> {
				if (this.body == sink) {
					this.context.read();
				}
			}));
			sink.onCancel(() -> runOnLoop(() -> {
				if (this.body == sink) {
					// The client went away mid-answer.
					this.body = null;
					abandon();
				}
			}));
			ByteBuf part;
			while ((part = this.early.poll()) != null) {
				sink.next(part);
			}
			if (this.bodyEnded) {
				finish();
			}
			else if (sink.requestedFromDownstream() > 0) {
				this.context.read();
			}
		}

		private void emit(ByteBuf part) {
			if (this.body != null) {
				this.body.next(part);
			}
			else if (this.early != null) {
				this.early.add(part);
			}
			else {
				part.release();
			}
		}

		private void bodyEnded() {
			this.bodyEnded = true;
			if (this.body != null) {
				finish();
			}
		}

		/** The whole answer is passed on: the connection is free for the next request. */
		private void finish() {
			FluxSink<ByteBuf> sink = this.body;
			this.body = null;
			this.early = null;
			Channel channel = this.context.channel();
			if (this.keepAlive && channel.isActive() && this.idle.size() < MAX_IDLE_PER_NODE) {
				this.idle.addLast(channel);
				// A read stays pending while it is idle: the node closing it is noticed
				// (and it leaves the pool) rather than found by the next request.
				channel.read();
			}
			else {
				channel.close();
			}
			sink.complete();
		}

		void fail(Throwable cause) {
			Attempt pending = this.attempt;
			FluxSink<ByteBuf> sink = this.body;
			this.attempt = null;
			this.body = null;
			abandon();
			if (pending != null) {
				pending.sink.error(cause);
			}
			else if (sink != null) {
				sink.error(cause);
			}
		}

		/** Nobody wants what comes on this connection any more: it is closed. */
		private void abandon() {
			cancelTimeout();
			if (this.early != null) {
				this.early.forEach(ReferenceCountUtil::safeRelease);
				this.early = null;
			}
			this.idle.remove(this.context.channel());
			this.context.close();
		}

		private boolean inPool() {
			return this.attempt == null && this.body == null && this.early == null;
		}

		private void cancelTimeout() {
			if (this.timeout != null) {
				this.timeout.cancel(false);
				this.timeout = null;
			}
		}

		private void runOnLoop(Runnable task) {
			runOn(this.context.channel().eventLoop(), task);
		}

	}

}
