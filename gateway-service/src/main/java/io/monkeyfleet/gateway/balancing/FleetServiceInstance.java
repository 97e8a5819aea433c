package io.monkeyfleet.gateway.balancing;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;

import org.springframework.cloud.client.DefaultServiceInstance;

/**
 * A node as Spring Cloud LoadBalancer sees it, carrying what the strategies score it on.
 * Its host is the address the guard checked (an IP), never a name to resolve again.
 */
public final class FleetServiceInstance extends DefaultServiceInstance {

	private final double cpuPercent;

	private final Instant sampledAt;

	private final InetSocketAddress socketAddress;

	private final String authority;

	/**
	 * @param cpuPercent the agent's latest CPU reading, or {@code NaN} if unknown
	 * @param sampledAt when the agent took it, or {@code null}
	 */
	public FleetServiceInstance(String nodeId, String pool, String address, int port, double cpuPercent,
			Instant sampledAt) {
		super(nodeId, pool, address, port, false, Map.of("node", nodeId));
		this.cpuPercent = cpuPercent;
		this.sampledAt = sampledAt;
		// Worked out once per routing view, not per request.
		this.socketAddress = new InetSocketAddress(address, port);
		this.authority = ((address.indexOf(':') >= 0) ? "[" + address + "]" : address) + ":" + port;
	}

	public String nodeId() {
		return getInstanceId();
	}

	public String pool() {
		return getServiceId();
	}

	/** Where to connect: the checked IP and the port. */
	public InetSocketAddress socketAddress() {
		return this.socketAddress;
	}

	/**
	 * {@code host:port} as a URI or a {@code Host} header writes it (IPv6 in brackets).
	 */
	public String authority() {
		return this.authority;
	}

	public double cpuPercent() {
		return this.cpuPercent;
	}

	public Instant sampledAt() {
		return this.sampledAt;
	}

}
