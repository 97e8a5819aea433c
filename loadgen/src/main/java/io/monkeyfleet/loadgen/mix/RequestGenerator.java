package io.monkeyfleet.loadgen.mix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import io.monkeyfleet.loadgen.mix.PlannedRequest.Header;

/**
 * Draws requests from a mix with a seeded random source: the same seed and mix give the
 * same requests in the same order, so a run that found something can be repeated. Not
 * thread-safe: one scheduler thread draws every request.
 */
public final class RequestGenerator {

	/** Sent with every well-formed request, so a server's log can be matched to a run. */
	public static final String SEQUENCE_HEADER = "X-Loadgen-Seq";

	private static final Malformation[] MALFORMATIONS = Malformation.values();

	private final RequestMix mix;

	private final RandomGenerator random;

	private final int totalWeight;

	public RequestGenerator(RequestMix mix, long seed) {
		this(mix, new SplittableRandom(seed));
	}

	public RequestGenerator(RequestMix mix, RandomGenerator random) {
		this.mix = mix;
		this.random = random;
		this.totalWeight = mix.routes().stream().mapToInt(RouteSpec::weight).sum();
	}

	/** The request at place {@code sequence} of the run. */
	public PlannedRequest next(long sequence) {
		if (this.random.nextDouble() < this.mix.malformedShare()) {
			return MALFORMATIONS[this.random.nextInt(MALFORMATIONS.length)].build(sequence, this.random);
		}
		return wellFormed(sequence, pickRoute());
	}

	private RouteSpec pickRoute() {
		int ticket = this.random.nextInt(this.totalWeight);
		for (RouteSpec route : this.mix.routes()) {
			ticket -= route.weight();
			if (ticket < 0) {
				return route;
			}
		}
		throw new IllegalStateException("weights changed under the generator");
	}

	private PlannedRequest wellFormed(long sequence, RouteSpec route) {
		StringBuilder target = new StringBuilder(route.path());
		char separator = '?';
		for (Map.Entry<String, List<String>> parameter : route.query().entrySet()) {
			target.append(separator).append(parameter.getKey()).append('=').append(pick(parameter.getValue()));
			separator = '&';
		}
		List<Header> headers = new ArrayList<>();
		route.headers().forEach((name, values) -> headers.add(new Header(name, pick(values))));
		headers.add(new Header(SEQUENCE_HEADER, Long.toString(sequence)));
		String body = "";
		if (!route.bodies().isEmpty()) {
			body = pick(route.bodies());
			headers.add(new Header("Content-Type", route.contentType()));
		}
		return new PlannedRequest(sequence, route.method(), target.toString(), headers, body, null);
	}

	private String pick(List<String> values) {
		return values.get(this.random.nextInt(values.size()));
	}

}
