package io.monkeyfleet.concurrent;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

	/**
	 * Up to {@code threads} named daemon threads ({@code name-1}, {@code name-2}, ...)
	 * for tasks that mostly wait, made when needed and ended after a minute idle; tasks
	 * beyond them queue.
	 */
	public static ExecutorService pool(String name, int threads) {
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES,
				new LinkedBlockingQueue<>(), (task) -> thread(task, name + "-" + count.incrementAndGet()));
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	/**
	 * Stops the executor's thread: interrupts what it runs and waits up to {@code grace}
	 * for it to end. Safe to call with {@code null} (never started).
	 */
	public static void shutdown(ExecutorService executor, Duration grace) {
		if (executor == null) {
			return;
		}
		executor.shutdownNow();
		try {
			executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Thread thread(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

}
