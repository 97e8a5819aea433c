package io.monkeyfleet.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The one background thread every service loop runs on: named, so a thread dump says what
 * it is, and a daemon, so it never keeps a stopping JVM alive.
 */
public final class DaemonThreads {

	private DaemonThreads() {
	}

	/** One named daemon thread running scheduled tasks. */
	public static ScheduledExecutorService scheduler(String name) {
		return Executors.newSingleThreadScheduledExecutor((task) -> thread(task, name));
	}

	/** One named daemon thread running tasks in the order they were given. */
	public static ExecutorService single(String name) {
		return Executors.newSingleThreadExecutor((task) -> thread(task, name));
	}

	private static Thread thread(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

}
