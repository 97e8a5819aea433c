package io.monkeyfleet.monkey.provisioning;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Keeps the provisioner off the monkeys' clock. Each call runs on a worker thread and the
 * caller (a tick) waits for its answer at most {@code answerWait}; an answer that comes
 * later is kept, by the call's idempotency key, for the same call on a later tick, which
 * is how every workflow step retries anyway. While a call has gone unanswered past the
 * wait, no other call is started: they fail at once and are asked again on a later tick.
 * So a hung provisioner costs one tick at most one wait, the tick period holds, and the
 * provisioner is asked at most one thing at a time until it answers again (the delegate's
 * own timeout ends each hung call).
 */
public class TimeBoxedProvisioner implements Provisioner, AutoCloseable {

	/** An answer nobody came back for (its workflow ended) is forgotten after this. */
	private static final Duration KEEP_UNCLAIMED = Duration.ofMinutes(10);

	private final Provisioner delegate;

	private final Duration answerWait;

	private final ExecutorService workers;

	private final LongSupplier nanoTime;

	private final Map<String, Call> calls = new ConcurrentHashMap<>();

	/**
	 * @param delegate the provisioner asked, with its own timeout on every call
	 * @param answerWait the longest a caller waits for an answer
	 * @param workers where the calls run (two threads are plenty: one call at a time once
	 * the provisioner stops answering)
	 * @param nanoTime the monotonic time the waits are measured in
	 */
	public TimeBoxedProvisioner(Provisioner delegate, Duration answerWait, ExecutorService workers,
			LongSupplier nanoTime) {
		if (answerWait.isNegative() || answerWait.isZero()) {
			throw new IllegalArgumentException("answerWait must be positive, was " + answerWait);
		}
		this.delegate = delegate;
		this.answerWait = answerWait;
		this.workers = workers;
		this.nanoTime = nanoTime;
	}

	@Override
	public String reboot(String hostId, long fencingToken, String idempotencyKey, String reason) {
		return answer("reboot " + hostId, idempotencyKey,
				() -> this.delegate.reboot(hostId, fencingToken, idempotencyKey, reason));
	}

	@Override
	public LaunchJob launch(String template, long fencingToken, String idempotencyKey, String reason) {
		return answer("launch from " + template, idempotencyKey,
				() -> this.delegate.launch(template, fencingToken, idempotencyKey, reason));
	}

	@Override
	public String terminate(String hostId, long fencingToken, String idempotencyKey, String reason) {
		return answer("terminate " + hostId, idempotencyKey,
				() -> this.delegate.terminate(hostId, fencingToken, idempotencyKey, reason));
	}

	@Override
	public String migrate(String sourceHostId, String targetHostId, long fencingToken, String idempotencyKey,
			String reason) {
		return answer("migrate " + sourceHostId + " to " + targetHostId, idempotencyKey,
				() -> this.delegate.migrate(sourceHostId, targetHostId, fencingToken, idempotencyKey, reason));
	}

	@Override
	public String restart(String hostId, String smokeTestPath, long fencingToken, String idempotencyKey,
			String reason) {
		return answer("restart " + hostId, idempotencyKey,
				() -> this.delegate.restart(hostId, smokeTestPath, fencingToken, idempotencyKey, reason));
	}

	@Override
	public JobState job(String jobId) {
		// A read: an answer one tick old is as good as a fresh one.
		return answer("job " + jobId, "job:" + jobId, () -> this.delegate.job(jobId));
	}

	/** Calls started and not yet answered. */
	public int unanswered() {
		return (int) this.calls.values().stream().filter((call) -> !call.answer.isDone()).count();
	}

	private <T> T answer(String what, String key, Supplier<T> request) {
		long now = this.nanoTime.getAsLong();
		forgetUnclaimed(now);
		Call call = this.calls.get(key);
		if (call == null) {
			Call stalled = stalled(now);
			if (stalled != null) {
				throw ProvisionerException.unanswered(what + ": not asked, the provisioner has not answered "
						+ stalled.what + " for " + millisSince(stalled, now) + " ms");
			}
			call = new Call(what, now, CompletableFuture.supplyAsync(request, this.workers));
			this.calls.put(key, call);
		}
		else if (!call.answer.isDone() && waitedOut(call, now)) {
			throw ProvisionerException.unanswered(what + ": still no answer after " + millisSince(call, now) + " ms");
		}
		long left = this.answerWait.toNanos() - (now - call.startedAt);
		try {
			Object answer = call.answer.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
			this.calls.remove(key, call);
			@SuppressWarnings("unchecked")
			T typed = (T) answer;
			return typed;
		}
		catch (TimeoutException ex) {
			throw ProvisionerException.unanswered(what + ": no answer within " + this.answerWait.toMillis()
					+ " ms; its answer is used when the step is tried again");
		}
		catch (ExecutionException ex) {
			this.calls.remove(key, call);
			if (ex.getCause() instanceof ProvisionerException refused) {
				throw refused;
			}
			throw new ProvisionerException(what + ": " + ex.getCause(), false, ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ProvisionerException(what + ": interrupted while waiting for the answer", false, ex);
		}
	}

	/** The oldest call that has gone unanswered past the wait, or null. */
	private Call stalled(long now) {
		Call oldest = null;
		for (Call call : this.calls.values()) {
			if (!call.answer.isDone() && waitedOut(call, now)
					&& (oldest == null || call.startedAt < oldest.startedAt)) {
				oldest = call;
			}
		}
		return oldest;
	}

	private boolean waitedOut(Call call, long now) {
		return now - call.startedAt >= this.answerWait.toNanos();
	}

	private void forgetUnclaimed(long now) {
		for (Iterator<Call> calls = this.calls.values().iterator(); calls.hasNext();) {
			Call call = calls.next();
			if (call.answer.isDone() && now - call.startedAt > KEEP_UNCLAIMED.toNanos()) {
				calls.remove();
			}
		}
	}

	private static long millisSince(Call call, long now) {
		return TimeUnit.NANOSECONDS.toMillis(now - call.startedAt);
	}

	@Override
	public void close() {
		this.workers.shutdownNow();
	}

	private record Call(String what, long startedAt, CompletableFuture<?> answer) {
	}

}
