package io.monkeyfleet.ssrf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Telling an IP literal from a host name without ever asking DNS. */
final class IpLiterals {

	private static final Pattern IPV4 = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private IpLiterals() {
	}

	static boolean isLiteral(String host) {
		return IPV4.matcher(host).matches() || IPV6.matcher(host).matches();
	}

	/**
	 * The address of a literal; {@link InetAddress#getByName} does not look literals up.
	 */
	static InetAddress parse(String literal) throws UnknownHostException {
		return InetAddress.getByName(literal);
	}

	/**
	 * {@code ::ffff:169.254.169.254} is 169.254.169.254: judged as the IPv4 address it
	 * reaches, so the mapped form cannot slip past an IPv4 rule.
	 */
	static InetAddress unwrap(InetAddress address) {
		if (address instanceof Inet6Address) {
			byte[] bytes = address.getAddress();
			boolean mapped = true;
			for (int i = 0; i < 10; i++) {
				mapped &= bytes[i] == 0;
			}
			mapped &= bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
			if (mapped) {
				try {
					return Inet4Address.getByAddress(new byte[] { bytes[12], bytes[13], bytes[14], bytes[15] });
				}
				catch (UnknownHostException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
		return address;
	}

}
