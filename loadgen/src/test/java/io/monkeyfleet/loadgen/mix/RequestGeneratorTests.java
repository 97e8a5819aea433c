package io.monkeyfleet.loadgen.mix;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class RequestGeneratorTests {

	@Test
	void theSameSeedDrawsTheSameRequestsInTheSameOrder() {
		assertThat(draw(42, 500)).isEqualTo(draw(42, 500));
	}

	@Test
	void anotherSeedDrawsOtherRequests() {
		assertThat(draw(42, 100)).isNotEqualTo(draw(43, 100));
	}

	@Test
	void theMalformedShareIsKeptAndEveryMalformationIsDrawn() {
		RequestGenerator generator = new RequestGenerator(RequestMix.sampleApp(0.2), 7);
		int malformed = 0;
		Set<Malformation> kinds = EnumSet.noneOf(Malformation.class);
		for (int i = 0; i < 20_000; i++) {
			PlannedRequest request = generator.next(i);
			if (!request.wellFormed()) {
				malformed++;
				kinds.add(request.malformation());
			}
		}
		assertThat(malformed / 20_000.0).isCloseTo(0.2, within(0.015));
		assertThat(kinds).containsExactlyInAnyOrder(Malformation.values());
	}

	@Test
	void routesAreDrawnByWeightWithTheirQueryAndHeaderValues() {
		RequestMix mix = new RequestMix(
				List.of(RouteSpec.get("/a", 3),
						new RouteSpec("POST", "/b", Map.of("x", List.of("1", "2")),
								Map.of("Accept", List.of("text/plain")), List.of("{\"k\":1}"), "application/json", 1)),
				0.0);
		RequestGenerator generator = new RequestGenerator(mix, 1);
		int a = 0;
		for (int i = 0; i < 8000; i++) {
			PlannedRequest request = generator.next(i);
			assertThat(request.wellFormed()).isTrue();
			assertThat(request.headers()).contains(new PlannedRequest.Header(RequestGenerator.SEQUENCE_HEADER, "" + i));
			if (request.target().equals("/a")) {
				a++;
				assertThat(request.method()).isEqualTo("GET");
			}
			else {
				assertThat(request.method()).isEqualTo("POST");
				assertThat(request.target()).isIn("/b?x=1", "/b?x=2");
				assertThat(request.body()).isEqualTo("{\"k\":1}");
				assertThat(request.headers()).contains(new PlannedRequest.Header("Accept", "text/plain"),
						new PlannedRequest.Header("Content-Type", "application/json"));
			}
		}
		assertThat(a / 8000.0).isCloseTo(0.75, within(0.02));
	}

	@Test
	void aBadMixIsRefusedWithWhatIsWrong() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RequestMix(List.of(), 0.1))
			.withMessageContaining("at least one route");
		assertThatIllegalArgumentException().isThrownBy(() -> RequestMix.sampleApp(1.5))
			.withMessageContaining("from 0 to 1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RouteSpec("get", "/", Map.of(), Map.of(), List.of(), null, 1))
			.withMessageContaining("HTTP method");
		assertThatIllegalArgumentException().isThrownBy(() -> RouteSpec.get("no-slash", 1))
			.withMessageContaining("must start with '/'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RouteSpec("GET", "/", Map.of("q", List.of()), Map.of(), List.of(), null, 1))
			.withMessageContaining("needs at least one value");
	}

	private static List<String> draw(long seed, int count) {
		RequestGenerator generator = new RequestGenerator(RequestMix.sampleApp(0.1), seed);
		List<String> drawn = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			PlannedRequest request = generator.next(i);
			drawn.add(request.method() + " " + request.target() + " " + request.headers() + " " + request.body() + " "
					+ request.malformation());
		}
		return drawn;
	}

}
