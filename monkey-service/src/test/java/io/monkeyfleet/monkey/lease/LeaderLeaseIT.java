package io.monkeyfleet.monkey.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import io.monkeyfleet.store.KeySchema;
import io.monkeyfleet.store.StandaloneFleetStore;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import io.monkeyfleet.testsupport.time.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LeaderLeaseIT {

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	private static StandaloneFleetStore connection;

	private static final KeySchema keys = new KeySchema("mf:");

	@BeforeAll
	static void connect() {
		connection = StandaloneFleetStore.connect(redis.host(), redis.port());
	}

	@AfterAll
	static void close() {
		connection.close();
	}

	@Test
	void exactlyOneReplicaLeadsAndAStandbyTakesOverWithALargerTokenWhenTheLeaseLapses() {
		connection.redis().delete(keys.monkeyLeader());
		LeaderLease first = lease("first", Duration.ofMillis(500));
		LeaderLease second = lease("second", Duration.ofMillis(500));
		OptionalLong firstToken = first.acquireOrRenew();
		assertThat(firstToken).isPresent();
		assertThat(second.acquireOrRenew()).isEmpty();
		assertThat(first.acquireOrRenew()).as("renewing keeps the token").isEqualTo(firstToken);
		assertThat(first.leads()).isTrue();
		assertThat(second.leads()).isFalse();
		// The first replica stops renewing (frozen, dead): the standby takes over once
		// the lease lapses.
		OptionalLong secondToken = await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.until(second::acquireOrRenew, OptionalLong::isPresent);
		assertThat(secondToken.getAsLong()).isGreaterThan(firstToken.getAsLong());
		assertThat(first.acquireOrRenew()).as("the old leader finds the lease taken").isEmpty();
		assertThat(first.leads()).isFalse();
		assertThat(first.token()).isEmpty();
	}

	@Test
	void releasingHandsTheLeaseOverAtOnce() {
		connection.redis().delete(keys.monkeyLeader());
		LeaderLease first = lease("a", Duration.ofSeconds(30));
		LeaderLease second = lease("b", Duration.ofSeconds(30));
		assertThat(first.acquireOrRenew()).isPresent();
		assertThat(second.acquireOrRenew()).isEmpty();
		second.release();
		assertThat(first.acquireOrRenew()).as("a standby's release does not touch the leader's lease").isPresent();
		first.release();
		assertThat(second.acquireOrRenew()).isPresent();
	}

	@Test
	void aLeaderThatCannotRenewStopsLeadingWhenItsLeaseWouldHaveLapsed() {
		connection.redis().delete(keys.monkeyLeader());
		MutableClock clock = new MutableClock(Instant.now());
		LeaderLease lease = new LeaderLease(connection.redis(), keys, "c", Duration.ofSeconds(5), clock);
		assertThat(lease.acquireOrRenew()).isPresent();
		clock.advance(Duration.ofSeconds(4));
		assertThat(lease.leads()).isTrue();
		clock.advance(Duration.ofSeconds(2));
		assertThat(lease.leads()).isFalse();
	}

	private static LeaderLease lease(String replica, Duration timeToLive) {
		return new LeaderLease(connection.redis(), keys, replica, timeToLive, Clock.systemUTC());
	}

}
