package io.monkeyfleet.provisioner.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.KeySchema;
import io.monkeyfleet.store.MalformedRecordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Jobs in Redis. Accepting a job (idempotency key, fencing token, host locks) is one Lua
 * script, and so is every write by the job's runner, which only lands while the runner
 * still holds the job's lease.
 */
public class JobStore {

	private static final Logger logger = LoggerFactory.getLogger(JobStore.class);

	private static final RedisScript<String> SUBMIT = script("submit-job.lua", String.class);

	private static final RedisScript<String> CHECK_FENCING_TOKEN = script("check-fencing-token.lua", String.class);

	private static final RedisScript<Long> SAVE = script("save-job.lua", Long.class);

	private static final RedisScript<Long> FINISH = script("finish-job.lua", Long.class);

	private static final RedisScript<Long> RENEW_LEASE = script("renew-lease.lua", Long.class);

	private static final RedisScript<Long> RELEASE_LEASE = script("release-lease.lua", Long.class);

	private final StringRedisTemplate redis;

	private final KeySchema keys;

	private final FleetCodec codec;

	private final Clock clock;

	private final JobProperties properties;

	public JobStore(StringRedisTemplate redis, KeySchema keys, FleetCodec codec, Clock clock,
			JobProperties properties) {
		this.redis = redis;
		this.keys = keys;
		this.codec = codec;
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * Accepts {@code job} unless its idempotency key was used before, its fencing token
	 * is stale, or one of its hosts is held by an active job.
	 * @param idempotencyKey the caller's principal and the key's hash, or {@code null}
	 * @param fingerprint what identifies the request, compared on a replay
	 */
	public SubmitOutcome submit(Job job, IdempotencyKey idempotencyKey, String fingerprint) {
		List<String> scriptKeys = new ArrayList<>();
		scriptKeys.add(this.keys.provisionerFencingToken());
		scriptKeys.add((idempotencyKey != null)
				? this.keys.provisionerIdempotencyKey(idempotencyKey.principal(), idempotencyKey.keyHash())
				: this.keys.provisionerIdempotencyKey("-", "-"));
		scriptKeys.add(this.keys.provisionerJob(job.id()));
		scriptKeys.add(this.keys.provisionerJobIndex());
		scriptKeys.add(this.keys.provisionerActiveJobs());
		job.hosts().forEach((host) -> scriptKeys.add(this.keys.provisionerHostLock(host)));
		List<String> args = new ArrayList<>();
		args.add(Long.toString(job.fencingToken()));
		args.add((idempotencyKey != null) ? "1" : "0");
		args.add(fingerprint);
		args.add(Long.toString(this.properties.idempotencyKeyTime().toMillis()));
		args.add(job.id());
		args.add(this.codec.encode(job));
		args.add(Long.toString(job.createdAt().toEpochMilli()));
		args.addAll(job.hosts());
		String outcome = this.redis.execute(SUBMIT, scriptKeys, args.toArray());
		String[] parts = (outcome != null) ? outcome.split(" ") : new String[] { "?" };
		return switch (parts[0]) {
			case "A" -> new SubmitOutcome.Accepted(job);
			case "R" -> find(parts[1]).<SubmitOutcome>map(SubmitOutcome.Replayed::new)
				.orElseGet(() -> new SubmitOutcome.KeyReused(parts[1]));
			case "K" -> new SubmitOutcome.KeyReused(parts[1]);
			case "S" -> new SubmitOutcome.StaleToken(Long.parseLong(parts[1]));
			case "B" -> new SubmitOutcome.HostBusy(parts[1], parts[2]);
			default -> throw new IllegalStateException("unexpected answer from submit-job.lua: " + outcome);
		};
	}

	/**
	 * Records {@code token} if it is the newest seen.
	 * @return the newest token when {@code token} is older than it
	 */
	public Optional<Long> checkFencingToken(long token) {
		String outcome = this.redis.execute(CHECK_FENCING_TOKEN, List.of(this.keys.provisionerFencingToken()),
				Long.toString(token));
		if (outcome != null && outcome.startsWith("S ")) {
			return Optional.of(Long.parseLong(outcome.substring(2)));
		}
		return Optional.empty();
	}

	public Optional<Job> find(String jobId) {
		String key = this.keys.provisionerJob(jobId);
		String json = this.redis.opsForValue().get(key);
		return decode(json, key);
	}

	/**
	 * The newest jobs first, at most {@code limit}, optionally only those with
	 * {@code status} or on {@code host}.
	 */
	public List<Job> list(JobStatus status, String host, int limit) {
		List<Job> jobs = new ArrayList<>();
		long from = 0;
		int page = Math.max(limit, 50);
		while (jobs.size() < limit) {
			Set<String> ids = this.redis.opsForZSet()
				.reverseRange(this.keys.provisionerJobIndex(), from, from + page - 1);
			if (ids == null || ids.isEmpty()) {
				break;
			}
			List<String> idList = new ArrayList<>(ids);
			List<String> values = this.redis.opsForValue()
				.multiGet(idList.stream().map(this.keys::provisionerJob).toList());
			for (int i = 0; i < idList.size() && jobs.size() < limit; i++) {
				String json = (values != null) ? values.get(i) : null;
				if (json == null) {
					// Expired after its retention: the index entry goes too.
					this.redis.opsForZSet().remove(this.keys.provisionerJobIndex(), idList.get(i));
					continue;
				}
				decode(json, this.keys.provisionerJob(idList.get(i)))
					.filter((job) -> status == null || job.status() == status)
					.filter((job) -> host == null || job.hosts().contains(host))
					.ifPresent(jobs::add);
			}
			from += page;
		}
		return jobs;
	}

	public Set<String> activeJobIds() {
		Set<String> ids = this.redis.opsForSet().members(this.keys.provisionerActiveJobs());
		return (ids != null) ? ids : Set.of();
	}

	// Leases: who runs a job

	public boolean claimLease(String jobId, String owner) {
		Boolean claimed = this.redis.opsForValue()
			.setIfAbsent(this.keys.provisionerJobLease(jobId), owner, this.properties.leaseTime());
		return Boolean.TRUE.equals(claimed);
	}

	public boolean renewLease(String jobId, String owner) {
		Long renewed = this.redis.execute(RENEW_LEASE, List.of(this.keys.provisionerJobLease(jobId)), owner,
				Long.toString(this.properties.leaseTime().toMillis()));
		return renewed != null && renewed == 1;
	}

	public void releaseLease(String jobId, String owner) {
		this.redis.execute(RELEASE_LEASE, List.of(this.keys.provisionerJobLease(jobId)), owner);
	}

	/**
	 * Saves a job in progress.
	 * @return false when {@code owner} no longer holds the lease (nothing is written)
	 */
	public boolean save(Job job, String owner) {
		Long saved = this.redis.execute(SAVE,
				List.of(this.keys.provisionerJob(job.id()), this.keys.provisionerJobLease(job.id())),
				this.codec.encode(job), owner);
		return saved != null && saved == 1;
	}

	/**
	 * Saves a finished job and frees its host locks and lease.
	 * @return false when {@code owner} no longer holds the lease (nothing is written)
	 */
	public boolean finish(Job job, String owner) {
		List<String> scriptKeys = new ArrayList<>(
				List.of(this.keys.provisionerJob(job.id()), this.keys.provisionerJobLease(job.id()),
						this.keys.provisionerActiveJobs(), this.keys.provisionerJobCancel(job.id())));
		job.hosts().forEach((host) -> scriptKeys.add(this.keys.provisionerHostLock(host)));
		Long done = this.redis.execute(FINISH, scriptKeys, this.codec.encode(job),
				Long.toString(this.properties.retention().toMillis()), job.id(), owner);
		return done != null && done == 1;
	}

	// Cancelling

	public void requestCancel(String jobId) {
		this.redis.opsForValue()
			.set(this.keys.provisionerJobCancel(jobId), this.clock.instant().toString(),
					this.properties.retention().plus(Duration.ofDays(1)));
	}

	public boolean cancelRequested(String jobId) {
		return Boolean.TRUE.equals(this.redis.hasKey(this.keys.provisionerJobCancel(jobId)));
	}

	private Optional<Job> decode(String json, String key) {
		if (json == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(this.codec.decode(json, Job.class, key));
		}
		catch (MalformedRecordException ex) {
			logger.warn("Refused malformed record {}", ex.getMessage());
			return Optional.empty();
		}
	}

	private static <T> RedisScript<T> script(String name, Class<T> type) {
		return RedisScript.of(new ClassPathResource(name, JobStore.class), type);
	}

	/**
	 * A caller's idempotency key, kept as a hash (the key is free text).
	 *
	 * @param principal who sent it
	 * @param keyHash the SHA-256 of the key, in hex
	 */
	public record IdempotencyKey(String principal, String keyHash) {
	}

}
