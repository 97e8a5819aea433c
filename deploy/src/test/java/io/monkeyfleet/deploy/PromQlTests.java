package io.monkeyfleet.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlTests {

	@Test
	void findsTheMetricsOfAHistogramQuantile() {
		assertThat(PromQl.metricNames(
				"histogram_quantile(0.95, sum by (node, le) (rate(monkeyfleet_gateway_node_latency_seconds_bucket{pool=~\"$pool\"}[$__rate_interval])))"))
			.containsExactly("monkeyfleet_gateway_node_latency_seconds_bucket");
	}

	@Test
	void findsBothSidesOfABinaryOperationAndIgnoresGroupingAndKeywords() {
		assertThat(PromQl.metricNames("max by (pool) (a_total) == 0 and on (pool) max by (pool) (b) > 0 or vector(0)"))
			.containsExactly("a_total", "b");
	}

	@Test
	void ignoresLabelValuesThatLookLikeNamesAndNumbers() {
		assertThat(PromQl.metricNames("sum(rate(x_total{outcome=~\"server_error|unreachable\"}[5m])) / 1e3 > 0.05"))
			.containsExactly("x_total");
	}

	@Test
	void readsGrafanasLabelValuesQueries() {
		assertThat(PromQl.labelValuesMetric("label_values(monkeyfleet_fleet_pool_nodes, pool)"))
			.containsExactly("monkeyfleet_fleet_pool_nodes");
	}

}
