package io.monkeyfleet.gateway.snapshot;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.monkeyfleet.gateway.balancing.FleetServiceInstance;
import io.monkeyfleet.gateway.ssrf.SsrfProperties;
import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.ssrf.AddressGuard;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingViewBuilderTests {

	private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

	private final AddressGuard guard = new SsrfProperties(List.of("0.0.0.0/0", "::/0"), List.of("169.254.0.0/16"),
			false, List.of("1-65535"))
		.guard((host) -> {
			if (host.equals("app-3.internal")) {
				return new InetAddress[] { InetAddress.getByName("10.9.9.9") };
			}
			throw new UnknownHostException(host);
		});

	private final RoutingViewBuilder builder = new RoutingViewBuilder(this.guard,
			(route) -> route.id().equals("bad") ? Optional.of("no") : Optional.empty(), Duration.ofSeconds(10),
			Clock.fixed(T0, ZoneOffset.UTC), Duration.ofSeconds(30));

	private static List<String> ids(RoutingView view, String pool) {
		return view.routable(pool).stream().map(FleetServiceInstance::nodeId).toList();
	}

	@Test
	void routesOnlyToActiveNodesWithAFreshHealthyHeartbeatAtAnAllowedAddress() {
		AppliedFleet applied = new AppliedFleet(Fleets.at(T0)
			.active("ok", "web")
			.node("joining", "web", "10.0.0.2", NodeState.JOINING, T0)
			.node("draining", "web", "10.0.0.3", NodeState.DRAINING, T0)
			.node("stale", "web", "10.0.0.4", NodeState.ACTIVE, T0.minusSeconds(11))
			.node("silent", "web", "10.0.0.5", NodeState.ACTIVE, null)
			.node("metadata", "web", "169.254.169.254", NodeState.ACTIVE, T0)
			.node("loopback", "web", "127.0.0.1", NodeState.ACTIVE, T0)
			.node("sick", "web", "10.0.0.6", NodeState.ACTIVE, T0)
			.health("sick", AppHealth.DOWN)
			.build(), Set.of());

		RoutingView view = this.builder.build(applied, RoutingView.Source.REDIS, 1);

		assertThat(ids(view, "web")).containsExactly("ok");
		assertThat(view.poolOfNode()).hasSize(8);
		assertThat(view.outOfRotation()).as("by lifecycle state alone")
			.containsExactlyInAnyOrder("joining", "draining");
		assertThat(this.builder.refusedNodeCount()).isEqualTo(2);
	}

	@Test
	void sendsToTheAddressANameWasCheckedAtAndKeepsAHeldNodeRoutable() {
		AppliedFleet applied = new AppliedFleet(Fleets.at(T0)
			.node("named", "web", "app-3.internal", NodeState.ACTIVE, T0)
			.node("held", "web", "10.0.0.8", NodeState.ACTIVE, T0.minusSeconds(600))
			.build(), Set.of("held"));

		RoutingView view = this.builder.build(applied, RoutingView.Source.FILE, 7);

		assertThat(view.routable("web")).extracting(FleetServiceInstance::getHost)
			.containsExactly("10.0.0.8", "10.9.9.9");
		assertThat(view.heldNodes()).isEqualTo(1);
		assertThat(view.outOfRotation()).isEmpty();
		assertThat(view.source()).isEqualTo(RoutingView.Source.FILE);
	}

	@Test
	void leavesOutRefusedRoutesAndOrdersTheRest() {
		AppliedFleet applied = new AppliedFleet(
				Fleets.at(T0).route("b", "web").route("bad", "web").route("a", "web").build(), Set.of());

		RoutingView view = this.builder.build(applied, RoutingView.Source.REDIS, 1);

		assertThat(view.routes()).extracting(io.monkeyfleet.model.Route::id).containsExactly("a", "b");
		assertThat(this.builder.refusedRouteCount()).isEqualTo(1);
	}

}
