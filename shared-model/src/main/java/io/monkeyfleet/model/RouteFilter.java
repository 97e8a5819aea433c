package io.monkeyfleet.model;

import java.util.Map;

/**
 * A gateway filter applied to a route's requests, named as a Spring Cloud Gateway filter
 * factory without its suffix ({@code StripPrefix}, {@code AddRequestHeader}); which names
 * a gateway accepts is the gateway's decision.
 *
 * @param name the filter factory's short name
 * @param args its arguments by name, for example {@code parts=1}
 */
public record RouteFilter(String name, Map<String, String> args) {

	public RouteFilter {
		Require.name(name, "filter name");
		args = Require.labels(args, "filter args", 16, 512);
	}

}
