package io.monkeyfleet.loadgen.mix;

import java.util.List;
import java.util.random.RandomGenerator;

import io.monkeyfleet.loadgen.mix.PlannedRequest.Header;

/**
 * The ways a request is malformed on purpose (the original "URL fuzzer"). They are sent
 * as raw bytes, since a well-behaved HTTP client refuses to send most of them. A server
 * should answer each with a 4xx; no answer, or a 5xx, is a failure.
 */
public enum Malformation {

	/** A path with invalid percent-escapes: {@code /%zz%G1}. */
	BAD_ESCAPE {
		@Override
		PlannedRequest build(long sequence, RandomGenerator random) {
			String[] escapes = { "%zz", "%G1", "%", "%%", "%0", "%u0041" };
			return get(sequence, "/" + escapes[random.nextInt(escapes.length)] + "/"
					+ escapes[random.nextInt(escapes.length)] + "?q=" + escapes[random.nextInt(escapes.length)]);
		}
	},
	/** A path that climbs out of the root: {@code /../../etc/passwd}. */
	TRAVERSAL {
		@Override
		PlannedRequest build(long sequence, RandomGenerator random) {
			String[] paths = { "/../../etc/passwd", "/work/../../../etc/shadow", "/%2e%2e/%2e%2e/etc/hosts",
					"/..%2f..%2fetc/passwd" };
			return get(sequence, paths[random.nextInt(paths.length)]);
		}
	},
	/** A path no route serves, of random printable characters. */
	UNKNOWN_PATH {
		@Override
		PlannedRequest build(long sequence, RandomGenerator random) {
			return get(sequence, "/" + randomText(random, 1 + random.nextInt(40), SAFE_PATH_CHARACTERS));
		}
	},
	/** A method nobody implements: {@code BREW}. */
	UNKNOWN_METHOD {
		@Override
		PlannedRequest build(long sequence, RandomGenerator random) {
			String[] methods = { "BREW", "PROPFIND", "TRACK", "FOO" };
			return new PlannedRequest(sequence, methods[random.nextInt(methods.length)], "/", List.of(), "", this);
		}
	},
	/** A known path with query values the app rejects: {@code /work?ms=abc}. */
	BAD_QUERY_VALUE {
		@Override
		PlannedRequest build(long sequence, RandomGenerator random) {
			String[] queries = { "ms=abc", "ms=-5", "ms=99999999", "cpu=maybe", "ms=1e3", "ms=%00" };
			return get(sequence, "/work?" + queries[random.nextInt(queries.length)]);
		}
	},
	/** A request target longer than servers accept (16 KiB). */
	OVERLONG_URI {
		@Override
		PlannedRequest build(long sequence, RandomGenerator random) {
			return get(sequence, "/" + randomText(random, 16 * 1024, SAFE_PATH_CHARACTERS));
		}
	},
	/** One header larger than servers accept (32 KiB). */
	OVERSIZED_HEADER {
		@Override
		PlannedRequest build(long sequence, RandomGenerator random) {
			return new PlannedRequest(sequence, "GET", "/",
					List.of(new Header("X-Oversized", randomText(random, 32 * 1024, LETTERS))), "", this);
		}
	},
	/** A header line with no colon. */
	BROKEN_HEADER {
		@Override
		PlannedRequest build(long sequence, RandomGenerator random) {
			return new PlannedRequest(sequence, "GET", "/", List.of(new Header("X-Broken header line", null)), "",
					this);
		}
	},
	/** A {@code Content-Length} that is not a number. */
	BAD_CONTENT_LENGTH {
		@Override
		PlannedRequest build(long sequence, RandomGenerator random) {
			String[] lengths = { "abc", "-1", "1.5", "0x10" };
			return new PlannedRequest(sequence, "POST", "/work",
					List.of(new Header("Content-Length", lengths[random.nextInt(lengths.length)])), "", this);
		}
	},
	/** A JSON body cut short, posted where no body is taken. */
	BROKEN_BODY {
		@Override
		PlannedRequest build(long sequence, RandomGenerator random) {
			String[] bodies = { "{\"unterminated", "[1, 2,", "{\"a\": }", "\u0000\u0001\u0002" };
			return new PlannedRequest(sequence, "POST", "/", List.of(new Header("Content-Type", "application/json")),
					bodies[random.nextInt(bodies.length)], this);
		}
	};

	private static final String SAFE_PATH_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@";

	private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";

	abstract PlannedRequest build(long sequence, RandomGenerator random);

	PlannedRequest get(long sequence, String target) {
		return new PlannedRequest(sequence, "GET", target, List.of(), "", this);
	}

	private static String randomText(RandomGenerator random, int length, String alphabet) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return text.toString();
	}

}
