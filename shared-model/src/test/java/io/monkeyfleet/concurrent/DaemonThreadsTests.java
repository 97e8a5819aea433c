package io.monkeyfleet.concurrent;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DaemonThreadsTests {

	@Test
	void aPoolRunsAsManyTasksAtOnceAsItHasThreadsNamedAndDaemon() throws Exception {
		ExecutorService pool = DaemonThreads.pool("test-wait", 2);
		try {
			CountDownLatch bothStarted = new CountDownLatch(2);
			List<Thread> threads = new CopyOnWriteArrayList<>();
			Runnable meetTheOther = () -> {
				threads.add(Thread.currentThread());
				bothStarted.countDown();
				try {
					// Only returns true when the other task runs at the same time.
					assertThat(bothStarted.await(10, TimeUnit.SECONDS)).isTrue();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			};
			Future<?> first = pool.submit(meetTheOther);
			Future<?> second = pool.submit(meetTheOther);
			first.get(10, TimeUnit.SECONDS);
			second.get(10, TimeUnit.SECONDS);

			assertThat(threads).extracting(Thread::getName).containsExactlyInAnyOrder("test-wait-1", "test-wait-2");
			assertThat(threads).allMatch(Thread::isDaemon);
		}
		finally {
			DaemonThreads.shutdown(pool, Duration.ofSeconds(2));
		}
		assertThat(pool.isTerminated()).isTrue();
	}

}
