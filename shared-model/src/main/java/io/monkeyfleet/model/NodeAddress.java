package io.monkeyfleet.model;

import java.util.regex.Pattern;

/**
 * Where a node's application listens: a host name or IP literal and a TCP port. IPv6
 * literals are kept without brackets and shown as {@code [::1]:8080}.
 *
 * @param host a DNS name (RFC 1123), an IPv4 literal, or an IPv6 literal
 * @param port 1 to 65535
 */
public record NodeAddress(String host, int port) {

	private static final Pattern HOST_NAME = Pattern.compile(
			"(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

	public NodeAddress {
		Require.present(host, "address host");
		if (!(HOST_NAME.matcher(host).matches() || (host.contains(":") && IPV6.matcher(host).matches()))) {
			throw new IllegalArgumentException(
					"address host " + Require.quote(host) + " is neither a host name nor an IP address");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("address port must be between 1 and 65535, was " + port);
		}
	}

	/** Parses {@code host:port} or {@code [ipv6]:port}. */
	public static NodeAddress parse(String text) {
		Require.present(text, "address");
		int colon = text.lastIndexOf(':');
		if (colon <= 0 || colon == text.length() - 1) {
			throw new IllegalArgumentException("address " + Require.quote(text) + " must look like host:port");
		}
		String host = text.substring(0, colon);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		else if (host.contains(":")) {
			throw new IllegalArgumentException(
					"address " + Require.quote(text) + ": write an IPv6 address in brackets, as [::1]:8080");
		}
		int port;
		try {
			port = Integer.parseInt(text.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("address " + Require.quote(text) + " has a port that is not a number");
		}
		return new NodeAddress(host, port);
	}

	@Override
	public String toString() {
		return (this.host.contains(":") ? "[" + this.host + "]" : this.host) + ":" + this.port;
	}

}
