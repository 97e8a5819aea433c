package io.monkeyfleet.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 169.254.0.0/16}, {@code fe80::/10}). A
 * bare address is a network of one.
 */
public final class Cidr {

	private final byte[] network;

	private final int prefixLength;

	private final String text;

	private Cidr(byte[] network, int prefixLength, String text) {
		this.network = network;
		this.prefixLength = prefixLength;
		this.text = text;
	}

	/**
	 * @throws IllegalArgumentException naming the text when it is not an IP literal with
	 * an optional prefix length that fits it
	 */
	public static Cidr parse(String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("a network must look like 10.0.0.0/8 or fe80::/10, was empty");
		}
		String trimmed = text.trim();
		int slash = trimmed.indexOf('/');
		String address = (slash < 0) ? trimmed : trimmed.substring(0, slash);
		if (!IpLiterals.isLiteral(address)) {
			throw new IllegalArgumentException(
					"network '" + text + "' must be an IP address with an optional /prefix, such as 10.0.0.0/8");
		}
		byte[] bytes;
		try {
			bytes = InetAddress.getByName(address).getAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("network '" + text + "' is not a valid IP address");
		}
		int maxLength = bytes.length * 8;
		int length = maxLength;
		if (slash >= 0) {
			try {
				length = Integer.parseInt(trimmed.substring(slash + 1));
			}
			catch (NumberFormatException ex) {
				length = -1;
			}
			if (length < 0 || length > maxLength) {
				throw new IllegalArgumentException(
						"network '" + text + "' has a prefix length outside 0.." + maxLength);
			}
		}
		return new Cidr(mask(bytes, length), length, trimmed);
	}

	/**
	 * Whether {@code address} is inside. IPv4 and IPv6 networks never contain each
	 * other's addresses; callers unwrap IPv4-mapped IPv6 addresses first.
	 */
	public boolean contains(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length != this.network.length) {
			return false;
		}
		return Arrays.equals(mask(bytes, this.prefixLength), this.network);
	}

	private static byte[] mask(byte[] bytes, int length) {
		byte[] masked = bytes.clone();
		for (int i = 0; i < masked.length; i++) {
			int bitsHere = Math.max(0, Math.min(8, length - i * 8));
			masked[i] = (byte) (masked[i] & (0xFF << (8 - bitsHere)));
		}
		return masked;
	}

	@Override
	public String toString() {
		return this.text;
	}

}
