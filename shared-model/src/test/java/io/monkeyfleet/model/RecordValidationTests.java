package io.monkeyfleet.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RecordValidationTests {

	private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

	@Nested
	class NodeStatuses {

		@Test
		void joiningIsVersionOne() {
			assertThat(NodeStatus.joining(NOW))
				.isEqualTo(new NodeStatus(NodeState.JOINING, 1, NOW, "registered by its agent"));
		}

		@Test
		void refusesVersionZeroAndBlankReasons() {
			assertThatIllegalArgumentException().isThrownBy(() -> new NodeStatus(NodeState.ACTIVE, 0, NOW, "x"))
				.withMessageContaining("version");
			assertThatIllegalArgumentException().isThrownBy(() -> new NodeStatus(NodeState.ACTIVE, 1, NOW, " "))
				.withMessage("state reason must not be blank");
		}

	}

	@Nested
	class MetricsSamples {

		@Test
		void acceptsTheWholeRange() {
			assertThat(new MetricsSample("n", 0, 100, null, AppHealth.UP, NOW, 0).cpuPercent()).isZero();
			assertThat(new MetricsSample("n", 100, 0, 3.5, AppHealth.DOWN, NOW, 7).loadAverage()).isEqualTo(3.5);
		}

		@ParameterizedTest
		@ValueSource(doubles = { -0.1, 100.1, 150, Double.NaN, Double.POSITIVE_INFINITY })
		void refusesCpuOutsideZeroToHundred(double cpu) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new MetricsSample("n", cpu, 10, null, AppHealth.UP, NOW, 1))
				.withMessageStartingWith("cpuPercent must be between 0 and 100");
		}

		@Test
		void refusesBadMemoryLoadSequenceAndMissingFields() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new MetricsSample("n", 1, 101, null, AppHealth.UP, NOW, 1))
				.withMessageStartingWith("memoryPercent");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new MetricsSample("n", 1, 1, -2.0, AppHealth.UP, NOW, 1))
				.withMessageStartingWith("loadAverage");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new MetricsSample("n", 1, 1, null, AppHealth.UP, NOW, -1))
				.withMessageStartingWith("sequence");
			assertThatIllegalArgumentException().isThrownBy(() -> new MetricsSample("n", 1, 1, null, null, NOW, 1))
				.withMessage("appHealth is required");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new MetricsSample("n", 1, 1, null, AppHealth.UP, null, 1))
				.withMessage("sampledAt is required");
		}

		@Test
		void carriesABootMarkerOrNone() {
			assertThat(new MetricsSample("n", 1, 1, null, AppHealth.UP, NOW, 1, "6f1c2d9e-0a4b-4c5d-9e8f-123456789abc")
				.bootMarker()).isEqualTo("6f1c2d9e-0a4b-4c5d-9e8f-123456789abc");
			assertThat(new MetricsSample("n", 1, 1, null, AppHealth.UP, NOW, 1).bootMarker()).isNull();
			assertThat(new MetricsSample("n", 1, 1, null, AppHealth.UP, NOW, 1, "x".repeat(128)).bootMarker())
				.hasSize(128);
		}

		@ParameterizedTest
		@ValueSource(strings = { "", " ", "two words", "line\nbreak", "tab\t", "caf\u00e9" })
		void refusesABootMarkerThatIsNotVisibleAscii(String marker) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new MetricsSample("n", 1, 1, null, AppHealth.UP, NOW, 1, marker))
				.withMessageStartingWith("bootMarker")
				.withMessageContaining("visible ASCII characters");
		}

		@Test
		void refusesABootMarkerLongerThan128Characters() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new MetricsSample("n", 1, 1, null, AppHealth.UP, NOW, 1, "x".repeat(129)))
				.withMessageContaining("must be 1 to 128 visible ASCII characters");
		}

	}

	@Nested
	class Pools {

		@Test
		void keepsBoundsAndStandbys() {
			Pool pool = new Pool("web", 2, 5, List.of("standby-1"));
			assertThat(pool.standbyHosts()).containsExactly("standby-1");
			assertThat(new Pool("web", 0, 1, null).standbyHosts()).isEmpty();
		}

		@Test
		void refusesBoundsThatCannotHold() {
			assertThatIllegalArgumentException().isThrownBy(() -> new Pool("web", -1, 3, List.of()))
				.withMessageContaining("minSize");
			assertThatIllegalArgumentException().isThrownBy(() -> new Pool("web", 4, 3, List.of()))
				.withMessageContaining("maxSize must be at least 1 and at least minSize (4)");
			assertThatIllegalArgumentException().isThrownBy(() -> new Pool("web", 0, 0, List.of()));
			assertThatIllegalArgumentException().isThrownBy(() -> new Pool("web", 1, 2, List.of("bad host")))
				.withMessageContaining("standby host id");
		}

	}

	@Nested
	class Routes {

		@Test
		void keepsPredicatesFiltersAndOrder() {
			Route route = new Route("api",
					List.of(RoutePredicate.path("/api/**"), RoutePredicate.host("*.example.com")),
					List.of(new RouteFilter("StripPrefix", Map.of("parts", "1"))), "web", 10);
			assertThat(route.predicates()).hasSize(2);
			assertThat(route.filters()).singleElement()
				.satisfies((f) -> assertThat(f.args()).containsEntry("parts", "1"));
		}

		@Test
		void needsAPredicateAndAPool() {
			assertThatIllegalArgumentException().isThrownBy(() -> new Route("api", List.of(), null, "web", 0))
				.withMessage("route 'api' needs at least one predicate");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new Route("api", List.of(RoutePredicate.path("/x")), null, null, 0))
				.withMessage("route pool is required");
		}

		@ParameterizedTest
		@ValueSource(strings = { "api/**", "/a b", "" })
		void refusesPathsThatAreNotPaths(String pattern) {
			assertThatIllegalArgumentException().isThrownBy(() -> RoutePredicate.path(pattern));
		}

		@Test
		void refusesHostPatternsWithOddCharactersAndUnknownMethods() {
			assertThatIllegalArgumentException().isThrownBy(() -> RoutePredicate.host("evil.com/path"));
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new RoutePredicate(RoutePredicate.Kind.METHOD, "GET,FETCH"))
				.withMessageContaining("'FETCH'");
			assertThat(new RoutePredicate(RoutePredicate.Kind.METHOD, "GET, POST").pattern()).isEqualTo("GET, POST");
		}

	}

	@Nested
	class FleetEvents {

		@Test
		void keepsEvidenceInTheOrderGiven() {
			Map<String, String> evidence = new java.util.LinkedHashMap<>();
			evidence.put("sample-3", "cpu=95");
			evidence.put("sample-1", "cpu=93");
			FleetEvent event = new FleetEvent(NOW, EventType.NODE_STATE_CHANGED, "n", "web", "hot", evidence,
					"monkey:doctor");
			assertThat(event.evidence().keySet()).containsExactly("sample-3", "sample-1");
		}

		@Test
		void needsTimeTypeReasonAndActor() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new FleetEvent(null, EventType.NODE_REMOVED, null, null, "r", null, "a"));
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new FleetEvent(NOW, EventType.NODE_REMOVED, null, null, "", null, "a"))
				.withMessage("event reason must not be blank");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new FleetEvent(NOW, EventType.NODE_REMOVED, null, null, "r", null, null))
				.withMessage("event actor is required");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new FleetEvent(NOW, EventType.NODE_REMOVED, "bad id", null, "r", null, "a"));
		}

		@Test
		void refusesOversizedReasons() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new FleetEvent(NOW, EventType.NODE_REMOVED, null, null, "x".repeat(1001), null, "a"))
				.withMessageContaining("longer than 1000");
		}

	}

	@Nested
	class FleetChanges {

		@Test
		void needsKindIdAndTime() {
			assertThat(new FleetChange(FleetChange.Kind.ROUTE, "api", NOW).id()).isEqualTo("api");
			assertThatIllegalArgumentException().isThrownBy(() -> new FleetChange(null, "api", NOW));
			assertThatIllegalArgumentException().isThrownBy(() -> new FleetChange(FleetChange.Kind.ROUTE, "a:b", NOW));
		}

	}

}
