package io.monkeyfleet.gateway.snapshot;

import java.util.List;

/**
 * Part of an update the shrink guard refused.
 *
 * @param scope the pool's name, or {@code routes} for the route table
 * @param before how many routable nodes (or routes) there were
 * @param lost how many the update would have taken away without a lifecycle event
 * @param kept the ids kept as they were
 * @param why the guard's reason, for the log line
 */
record Refusal(String scope, int before, int lost, List<String> kept, String why) {

	static final String ROUTES = "routes";

}
