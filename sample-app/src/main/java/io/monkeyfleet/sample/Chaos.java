package io.monkeyfleet.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The misbehaviour a sample app can be asked for: burn CPU, hold memory, hang. Each one
 * can be ended: a burn and a hang by their duration, memory and burns by
 * {@link #reset()}.
 */
final class Chaos {

	private final ReentrantLock hangLock = new ReentrantLock();

	private final Condition hangEnded = this.hangLock.newCondition();

	/** System.nanoTime() at which the current hang ends; Long.MAX_VALUE for never. */
	private long hangUntil;

	private boolean hung;

	private final List<byte[]> heldMemory = new ArrayList<>();

	private volatile long burnUntil;

	/**
	 * Spins {@code cores} threads until {@code seconds} have passed or {@link #reset()}.
	 */
	void burnCpu(int cores, int seconds) {
		this.burnUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		for (int i = 0; i < cores; i++) {
			Thread burner = new Thread(this::spinUntilBurnEnds, "chaos-cpu-" + i);
			burner.setDaemon(true);
			burner.start();
		}
	}

	boolean burning() {
		return System.nanoTime() < this.burnUntil;
	}

	private void spinUntilBurnEnds() {
		long sink = 0;
		while (burning()) {
			for (int i = 0; i < 100_000; i++) {
				sink += i ^ (sink >>> 3);
			}
		}
		if (sink == 42) {
			// Keeps the JIT from removing the loop as dead code.
			System.out.print("");
		}
	}

	/**
	 * Holds heap until the JVM's used memory reaches {@code percent} of its maximum heap,
	 * touching every page so the process's resident memory grows too.
	 * @return bytes now held
	 */
	synchronized long fillMemory(int percent) {
		Runtime runtime = Runtime.getRuntime();
		long target = runtime.maxMemory() * percent / 100;
		int chunk = 1 << 20;
		while (runtime.totalMemory() - runtime.freeMemory() + chunk < target) {
			byte[] block = new byte[chunk];
			for (int i = 0; i < block.length; i += 4096) {
				block[i] = 1;
			}
			this.heldMemory.add(block);
		}
		return (long) this.heldMemory.size() * chunk;
	}

	/**
	 * Every request waits here while the app hangs: connections are accepted, nothing
	 * answers.
	 */
	void awaitIfHung() throws InterruptedException {
		this.hangLock.lock();
		try {
			while (this.hung) {
				long left = this.hangUntil - System.nanoTime();
				if (left <= 0) {
					this.hung = false;
					this.hangEnded.signalAll();
					return;
				}
				this.hangEnded.awaitNanos(left);
			}
		}
		finally {
			this.hangLock.unlock();
		}
	}

	/** Hangs for {@code seconds}, or until the process ends when {@code seconds} is 0. */
	void hang(int seconds) {
		this.hangLock.lock();
		try {
			this.hung = true;
			this.hangUntil = (seconds == 0) ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		}
		finally {
			this.hangLock.unlock();
		}
	}

	/**
	 * Ends burns and releases held memory. A hang is not ended: a hung app answers
	 * nothing.
	 */
	synchronized void reset() {
		this.burnUntil = 0;
		this.heldMemory.clear();
	}

}
