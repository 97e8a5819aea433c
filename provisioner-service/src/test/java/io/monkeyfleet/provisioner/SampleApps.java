package io.monkeyfleet.provisioner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import io.monkeyfleet.provisioner.inventory.DriverKind;
import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.provisioner.inventory.LocalSettings;
import io.monkeyfleet.provisioner.inventory.ProcessDefinition;
import io.monkeyfleet.sample.SampleApp;

/** Local hosts that run the real sample app, as the local stack does. */
public final class SampleApps {

	private SampleApps() {
	}

	/** The sample app's process, started from the test's class path. */
	public static ProcessDefinition process() {
		return new ProcessDefinition("app", List.of("{java}", "-Xmx48m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), SampleApp.class.getName(), "--node-id={host}", "--port={port}"),
				java.util.Map.of());
	}

	public static LocalSettings settings(java.time.Duration bootTime) {
		return new LocalSettings(List.of(process()), bootTime);
	}

	/** A local host running the sample app on a free port. */
	public static HostDefinition host(String id, java.time.Duration bootTime) {
		return new HostDefinition(id, DriverKind.LOCAL, "127.0.0.1:" + freePort(), "/health", List.of(),
				settings(bootTime), null, null, null);
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
