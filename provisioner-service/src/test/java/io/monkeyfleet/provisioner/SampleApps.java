package io.monkeyfleet.provisioner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import io.monkeyfleet.provisioner.drivers.local.LocalDriver;
import io.monkeyfleet.provisioner.inventory.DriverKind;
import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.provisioner.inventory.LocalSettings;
import io.monkeyfleet.provisioner.inventory.ProcessDefinition;
import io.monkeyfleet.sample.SampleApp;
import io.monkeyfleet.testsupport.process.ServiceJars;
import io.monkeyfleet.testsupport.redis.RealRedis;

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

	/**
	 * A local host running the sample app and the real monitor agent (from its jar), as
	 * the local stack runs a node: the agent publishes the boot id the local driver gives
	 * the host at each boot, so the host can be rebooted.
	 */
	public static HostDefinition rebootableHost(String id, java.time.Duration bootTime, RealRedis redis) {
		return new HostDefinition(id, DriverKind.LOCAL, "127.0.0.1:" + freePort(), "/health", List.of(),
				new LocalSettings(List.of(process(), agent(redis)), bootTime), null, null, null);
	}

	/** The monitor agent of a local host. */
	public static ProcessDefinition agent(RealRedis redis) {
		return new ProcessDefinition("agent",
				List.of("{java}", "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
						ServiceJars.of("monitor-agent").toString(), "--server.port=0",
						"--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
						"--monkeyfleet.agent.node-id={host}", "--monkeyfleet.agent.pool=web",
						"--monkeyfleet.agent.address=127.0.0.1:{port}",
						"--monkeyfleet.agent.health.url=http://127.0.0.1:{port}/health",
						"--monkeyfleet.agent.boot-marker.file={dir}/" + LocalDriver.BOOT_ID_FILE),
				java.util.Map.of());
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
