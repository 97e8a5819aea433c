package io.monkeyfleet.ssrf;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a service (the gateway) may send requests to an address: the
 * server-side request forgery guard. An address must be inside an allowed network and
 * outside every denied one, on an allowed port. Host names are resolved once, here, and
 * every address they resolve to must pass; the caller then connects to the address
 * returned, so a later DNS answer cannot point the gateway somewhere else (DNS
 * rebinding). Made from {@link AddressRules#guard}.
 */
public final class AddressGuard {

	private final List<Cidr> allowedNetworks;

	private final List<Cidr> deniedNetworks;

	private final List<PortRange> allowedPorts;

	private final HostResolver resolver;

	AddressGuard(List<Cidr> allowedNetworks, List<Cidr> deniedNetworks, List<PortRange> allowedPorts,
			HostResolver resolver) {
		this.allowedNetworks = List.copyOf(allowedNetworks);
		this.deniedNetworks = List.copyOf(deniedNetworks);
		this.allowedPorts = List.copyOf(allowedPorts);
		this.resolver = resolver;
	}

	/** What the guard decided about one address. */
	public sealed interface Verdict {

		/** The gateway may connect, to {@code address} exactly. */
		record Allowed(InetAddress address) implements Verdict {
		}

		/** The gateway must not connect; {@code reason} says which rule refused it. */
		record Denied(String reason) implements Verdict {
		}

	}

	public Verdict check(String host, int port) {
		if (this.allowedPorts.stream().noneMatch((range) -> range.contains(port))) {
			return new Verdict.Denied("port " + port + " is not in the allowed ports " + this.allowedPorts);
		}
		InetAddress[] addresses;
		try {
			addresses = IpLiterals.isLiteral(host) ? new InetAddress[] { IpLiterals.parse(host) }
					: this.resolver.resolve(host);
		}
		catch (UnknownHostException ex) {
			return new Verdict.Denied("host '" + host + "' does not resolve");
		}
		if (addresses.length == 0) {
			return new Verdict.Denied("host '" + host + "' resolves to no address");
		}
		for (InetAddress address : addresses) {
			Optional<String> refusal = refusal(IpLiterals.unwrap(address));
			if (refusal.isPresent()) {
				return new Verdict.Denied(IpLiterals.isLiteral(host) ? refusal.get()
						: "host '" + host + "' resolves to " + refusal.get());
			}
		}
		return new Verdict.Allowed(IpLiterals.unwrap(addresses[0]));
	}

	/**
	 * Checks a URI found in a route's configuration: only {@code http} and {@code https}
	 * to an allowed address pass; {@code file:}, {@code jar:}, {@code forward:} and the
	 * like never do.
	 */
	public Verdict checkUri(String text) {
		URI uri;
		try {
			uri = new URI(text);
		}
		catch (Exception ex) {
			return new Verdict.Denied("'" + text + "' is not a valid URI");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(java.util.Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			return new Verdict.Denied("scheme '" + scheme + ":' is not http or https");
		}
		if (uri.getHost() == null) {
			return new Verdict.Denied("'" + text + "' names no host");
		}
		int port = (uri.getPort() > 0) ? uri.getPort() : (scheme.equals("https") ? 443 : 80);
		String host = uri.getHost();
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		return check(host, port);
	}

	private Optional<String> refusal(InetAddress address) {
		String shown = address.getHostAddress();
		for (Cidr denied : this.deniedNetworks) {
			if (denied.contains(address)) {
				return Optional.of(shown + ", inside the denied network " + denied);
			}
		}
		if (this.allowedNetworks.stream().noneMatch((allowed) -> allowed.contains(address))) {
			return Optional.of(shown + ", outside the allowed networks " + this.allowedNetworks);
		}
		return Optional.empty();
	}

}
