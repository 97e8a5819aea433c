package io.monkeyfleet.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeAddress;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.model.Route;
import io.monkeyfleet.model.RouteFilter;
import io.monkeyfleet.model.RoutePredicate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FleetCodecTests {

	private static final Instant NOW = Instant.parse("2026-11-24T10:00:00.123Z");

	private final FleetCodec codec = new FleetCodec();

	@Test
	void roundTripsEveryRecord() {
		List<Object> records = List.of(
				new Node("n1", "web", NodeAddress.parse("[fe80::1]:8080"), "i-1", "z1", Map.of("k", "v")),
				new NodeStatus(NodeState.DRAINING, 4, NOW, "hot"),
				new MetricsSample("n1", 12.5, 40, 0.7, AppHealth.UP, NOW, 42),
				new MetricsSample("n1", 12.5, 40, 0.7, AppHealth.UP, NOW, 42, "6f1c2d9e-0a4b-4c5d-9e8f-123456789abc"),
				new Pool("web", 1, 4, List.of("s1")),
				new Route("api", List.of(RoutePredicate.path("/api/**")),
						List.of(new RouteFilter("StripPrefix", Map.of("parts", "1"))), "web", 1),
				new FleetEvent(NOW, EventType.NODE_STATE_CHANGED, "n1", "web", "hot", Map.of("from", "ACTIVE"),
						"monkey:doctor"));
		for (Object record : records) {
			assertThat(this.codec.decode(this.codec.encode(record), record.getClass(), "key")).isEqualTo(record);
		}
	}

	@Test
	void writesTimesAsIsoText() {
		assertThat(this.codec.encode(new NodeStatus(NodeState.ACTIVE, 2, NOW, "ok")))
			.contains("\"since\":\"2026-11-24T10:00:00.123Z\"");
	}

	@Test
	void refusesOutOfRangeValuesWithTheRecordsOwnMessage() {
		String json = sampleJson().replace("\"cpuPercent\":12.5", "\"cpuPercent\":150");
		assertThatExceptionOfType(MalformedRecordException.class)
			.isThrownBy(() -> this.codec.decode(json, MetricsSample.class, "mf:node:n1:sample"))
			.withMessage(
					"mf:node:n1:sample: not a valid MetricsSample: cpuPercent must be between 0 and 100, was 150.0")
			.satisfies((ex) -> assertThat(ex.source()).isEqualTo("mf:node:n1:sample"));
	}

	@Test
	void refusesAMissingNumberRatherThanReadingItAsZero() {
		String json = sampleJson().replace("\"cpuPercent\":12.5,", "");
		assertThatExceptionOfType(MalformedRecordException.class)
			.isThrownBy(() -> this.codec.decode(json, MetricsSample.class, "k"))
			.withMessage("k: not a valid MetricsSample: field 'cpuPercent': Cannot map `null` into type `double`");
	}

	@Test
	void refusesBrokenJsonEmptyValuesAndUnknownEnums() {
		assertThatExceptionOfType(MalformedRecordException.class)
			.isThrownBy(() -> this.codec.decode("{not json", MetricsSample.class, "k"))
			.withMessageStartingWith("k: not a valid MetricsSample");
		assertThatExceptionOfType(MalformedRecordException.class)
			.isThrownBy(() -> this.codec.decode("", MetricsSample.class, "k"))
			.withMessage("k: empty value where a MetricsSample was expected");
		assertThatExceptionOfType(MalformedRecordException.class)
			.isThrownBy(() -> this.codec.decode(sampleJson().replace("\"UP\"", "\"GREAT\""), MetricsSample.class, "k"));
	}

	@Test
	void refusesABadAddress() {
		String json = this.codec.encode(Node.of("n1", "web", new NodeAddress("host", 80)))
			.replace("\"port\":80", "\"port\":70000");
		assertThatExceptionOfType(MalformedRecordException.class)
			.isThrownBy(() -> this.codec.decode(json, Node.class, "k"))
			.withMessageContaining("address port must be between 1 and 65535, was 70000");
	}

	@Test
	void ignoresFieldsANewerWriterAdded() {
		String json = sampleJson().replace("{", "{\"gpuPercent\":3,");
		assertThat(this.codec.decode(json, MetricsSample.class, "k").cpuPercent()).isEqualTo(12.5);
	}

	@Test
	void readsASampleFromAnAgentThatPublishesNoBootMarker() {
		String json = "{\"nodeId\":\"n1\",\"cpuPercent\":12.5,\"memoryPercent\":40.0,\"loadAverage\":null,"
				+ "\"appHealth\":\"UP\",\"sampledAt\":\"2026-11-24T10:00:00.123Z\",\"sequence\":1}";
		MetricsSample sample = this.codec.decode(json, MetricsSample.class, "k");
		assertThat(sample.bootMarker()).isNull();
		assertThat(sample.sequence()).isEqualTo(1);
	}

	@Test
	void refusesABootMarkerThatIsNotVisibleAscii() {
		String json = this.codec.encode(new MetricsSample("n1", 12.5, 40, null, AppHealth.UP, NOW, 1, "b0"))
			.replace("\"b0\"", "\"two words\"");
		assertThatExceptionOfType(MalformedRecordException.class)
			.isThrownBy(() -> this.codec.decode(json, MetricsSample.class, "k"))
			.withMessageContaining("bootMarker 'two words' must be 1 to 128 visible ASCII characters");
	}

	private String sampleJson() {
		return this.codec.encode(new MetricsSample("n1", 12.5, 40, null, AppHealth.UP, NOW, 1));
	}

}
