package io.monkeyfleet.stack;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local stack (three nodes; the doctor the only monkey) for the test classes that
 * only need a running one and leave it working: {@code RedisFaultsIT} (Redis hung,
 * poisoned, flushed, then its pools and routes restored), then {@code HostileInputIT}
 * (which only needs every service answering, and stops and starts Redis itself; the class
 * order is in {@code junit-platform.properties}). Started by the first class that asks,
 * closed by the last one ({@link #close()}) or, if that one does not run, when the test
 * run ends. Starting and stopping a stack costs about half a minute of the suite per
 * class.
 */
public final class SharedStack implements BeforeAllCallback {

	/** Where the stack works: its configuration, logs and mails. */
	public static final Path WORK = Path.of("target", "shared-stack").toAbsolutePath();

	/** Monkeys the tests do not need are off, so nothing else can act meanwhile. */
	public static final List<String> DOCTOR_ONLY = List.of("--monkeyfleet.monkey.doctor.defaults.grace-period=5s",
			"--monkeyfleet.monkey.repair.drain-timeout=10s", "--monkeyfleet.monkey.repair.backoff=0s",
			"--monkeyfleet.monkey.repair.recovery-timeout=120s", "--monkeyfleet.monkey.gift.enabled=false",
			"--monkeyfleet.monkey.scale-in.enabled=false", "--monkeyfleet.monkey.migration.enabled=false");

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedStack.class);

	private static Running running;

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getRoot().getStore(NAMESPACE).computeIfAbsent(Running.class, (key) -> start(), Running.class);
	}

	private static synchronized Running start() {
		if (running == null) {
			Path repository = Path.of("..").toAbsolutePath().normalize();
			StackSettings settings = new StackSettings(repository, WORK, 3, Ports.free(3), DOCTOR_ONLY, List.of(),
					List.of(), List.of());
			LocalStack stack = LocalStack.start(settings, new Progress(System.out, false));
			System.out.printf("Shared local stack healthy in %.1f s%n", stack.timeToHealthy().toMillis() / 1000.0);
			running = new Running(stack, settings.nodes());
		}
		return running;
	}

	/** The running stack; the test class must be extended with this class. */
	public static synchronized LocalStack stack() {
		if (running == null) {
			throw new IllegalStateException("no shared stack: extend the test class with SharedStack");
		}
		return running.stack();
	}

	/** Its nodes' ids. */
	public static synchronized List<String> nodes() {
		stack();
		return running.nodes();
	}

	/** Stops the stack now (the last class that uses it); safe to call twice. */
	public static synchronized void close() {
		if (running != null) {
			running.stack().close();
			running = null;
		}
	}

	/** The stack, closed with the test run's root context if nobody closed it before. */
	private record Running(LocalStack stack, List<String> nodes) implements AutoCloseable {

		@Override
		public void close() {
			SharedStack.close();
		}

	}

}
