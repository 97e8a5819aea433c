package io.monkeyfleet.monkey.alerts;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A mail server that has hung: it accepts every connection on a free loopback port and
 * never says a word (no SMTP greeting), until closed.
 */
final class SilentSmtpServer implements AutoCloseable {

	private final ServerSocket socket;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	SilentSmtpServer() throws IOException {
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.acceptor = new Thread(this::acceptForever, "silent-smtp");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	int port() {
		return this.socket.getLocalPort();
	}

	/** Connections accepted so far. */
	int accepted() {
		return this.accepted.size();
	}

	private void acceptForever() {
		try {
			while (!this.socket.isClosed()) {
				this.accepted.add(this.socket.accept());
			}
		}
		catch (IOException ex) {
			// closed
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
		for (Socket connection : this.accepted) {
			connection.close();
		}
	}

}
