package io.monkeyfleet.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * The TCP ports the stack listens on, all on 127.0.0.1.
 *
 * @param redis Redis
 * @param smtp the SMTP catcher
 * @param provisioner provisioner-service's API
 * @param monkey monkey-service (admin API and dashboard)
 * @param gateway the gateway: where clients send requests
 * @param nodes each app node's port, then the standby host's
 */
public record Ports(int redis, int smtp, int provisioner, int monkey, int gateway, List<Integer> nodes) {

	public Ports {
		nodes = List.copyOf(nodes);
		List<Integer> all = new ArrayList<>(List.of(redis, smtp, provisioner, monkey, gateway));
		all.addAll(nodes);
		for (int port : all) {
			if (port < 1 || port > 65535) {
				throw new IllegalArgumentException("ports must be from 1 to 65535, was " + port);
			}
		}
		if (all.stream().distinct().count() != all.size()) {
			throw new IllegalArgumentException("two parts of the stack would share a port: " + all);
		}
	}

	/**
	 * The usual ports: gateway 8080, monkey-service 8081, provisioner 8082, Redis 6379,
	 * SMTP 3025, nodes from {@code firstNode} on.
	 */
	public static Ports usual(int nodeCount, int firstNode) {
		List<Integer> nodes = new ArrayList<>();
		for (int i = 0; i <= nodeCount; i++) {
			nodes.add(firstNode + i);
		}
		return new Ports(6379, 3025, 8082, 8081, 8080, nodes);
	}

	/**
	 * Ports free right now, all different: every one is held open until all are chosen,
	 * so the system cannot hand out the same port twice.
	 */
	public static Ports free(int nodeCount) {
		List<ServerSocket> held = new ArrayList<>();
		try {
			for (int i = 0; i < nodeCount + 6; i++) {
				held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
			}
			List<Integer> ports = held.stream().map(ServerSocket::getLocalPort).toList();
			return new Ports(ports.get(0), ports.get(1), ports.get(2), ports.get(3), ports.get(4),
					ports.subList(5, ports.size()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			for (ServerSocket socket : held) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// Closing a listening socket nobody connected to does not fail.
				}
			}
		}
	}

	/** Every port, with what it is for, to say which one is taken. */
	List<Named> named() {
		List<Named> named = new ArrayList<>(List.of(new Named("redis", this.redis), new Named("smtp", this.smtp),
				new Named("provisioner", this.provisioner), new Named("monkey", this.monkey),
				new Named("gateway", this.gateway)));
		for (int i = 0; i < this.nodes.size(); i++) {
			named.add(new Named((i < this.nodes.size() - 1) ? "node-" + (i + 1) : "standby-1", this.nodes.get(i)));
		}
		return named;
	}

	record Named(String what, int port) {

	}

	static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
