package io.monkeyfleet.testsupport.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of one target, whose behaviour a fault test changes while
 * traffic flows: pass bytes through, {@link #delay delay} every chunk, {@link #drop}
 * (hold connections open and forward nothing, what a silent network partition looks
 * like), or {@link #cut} (reset every connection and refuse new ones, what a crashed peer
 * or a firewall reject looks like). Blocking sockets, two daemon threads per connection:
 * fault tests open a handful of connections, not thousands.
 */
public final class TcpProxy implements AutoCloseable {

	/** What the proxy does with the bytes it is given. */
	public enum Mode {

		/** Forward every byte at once. */
		PASS,
		/** Forward every chunk after the configured delay. */
		DELAY,
		/** Accept and read, forward nothing, answer nothing. */
		DROP,
		/** Close every connection at once and every new one as it comes. */
		CUT

	}

	private final InetSocketAddress target;

	private final ServerSocket server;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final AtomicLong connections = new AtomicLong();

	private volatile Mode mode = Mode.PASS;

	private volatile Duration delay = Duration.ZERO;

	private volatile boolean closed;

	private TcpProxy(InetSocketAddress target) throws IOException {
		this.target = target;
		this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "tcp-proxy-" + this.server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/** A proxy on a free loopback port to {@code host:port}, passing bytes through. */
	public static TcpProxy to(String host, int port) {
		try {
			return new TcpProxy(new InetSocketAddress(host, port));
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot open a proxy port", ex);
		}
	}

	/** The loopback port clients connect to instead of the target's. */
	public int port() {
		return this.server.getLocalPort();
	}

	/** Connections accepted so far. */
	public long connections() {
		return this.connections.get();
	}

	public Mode mode() {
		return this.mode;
	}

	public void pass() {
		this.mode = Mode.PASS;
	}

	public void delay(Duration delay) {
		this.delay = delay;
		this.mode = Mode.DELAY;
	}

	public void drop() {
		this.mode = Mode.DROP;
	}

	/**
	 * Resets every open connection; new ones are closed as they come, until
	 * {@link #pass}.
	 */
	public void cut() {
		this.mode = Mode.CUT;
		this.sockets.forEach(TcpProxy::closeQuietly);
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				this.connections.incrementAndGet();
				if (this.mode == Mode.CUT) {
					reset(client);
					continue;
				}
				Socket upstream = new Socket();
				try {
					upstream.connect(this.target, 2000);
				}
				catch (IOException ex) {
					// The target is down: the client sees what it would see without us.
					reset(client);
					closeQuietly(upstream);
					continue;
				}
				this.sockets.add(client);
				this.sockets.add(upstream);
				pump(client, upstream, "up");
				pump(upstream, client, "down");
			}
			catch (IOException ex) {
				if (!this.closed) {
					continue;
				}
				return;
			}
		}
	}

	private void pump(Socket from, Socket to, String direction) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					Mode now = this.mode;
					if (now == Mode.DROP) {
						continue;
					}
					if (now == Mode.CUT) {
						break;
					}
					if (now == Mode.DELAY) {
						// The injected fault itself (a slow network), not a wait of the
						// test's: this pump thread holds the chunk as a slow link would.
						Thread.sleep(this.delay.toMillis());
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// The other side went away or the proxy cut it: close both ends below.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}, "tcp-proxy-" + port() + "-" + direction);
		pump.setDaemon(true);
		pump.start();
	}

	private static void reset(Socket socket) {
		try {
			// SO_LINGER 0: close sends RST, as a rejecting host or a crashed peer does.
			socket.setSoLinger(true, 0);
		}
		catch (SocketException ex) {
			// Closed already.
		}
		closeQuietly(socket);
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Nothing to do: it is closed either way.
		}
	}

	@Override
	public void close() {
		this.closed = true;
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
		this.sockets.forEach(TcpProxy::closeQuietly);
	}

}
