package io.monkeyfleet.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Looks a host name up. Behind an interface so the guard's decisions on names are tested
 * without DNS.
 */
@FunctionalInterface
public interface HostResolver {

	/** The system resolver. */
	HostResolver SYSTEM = InetAddress::getAllByName;

	InetAddress[] resolve(String host) throws UnknownHostException;

}
