package io.monkeyfleet.gateway.seed;

import java.nio.file.Files;
import java.nio.file.Path;

import io.monkeyfleet.model.RoutePredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SeedTests {

	@TempDir
	Path folder;

	@Test
	void readsPoolsAndRoutesAsTheRecordsTheyAreInRedis() throws Exception {
		Path file = this.folder.resolve("seed.yml");
		Files.writeString(file, """
				pools:
				  - name: web
				    minSize: 1
				    maxSize: 5
				routes:
				  - id: web
				    pool: web
				    order: 0
				    predicates:
				      - kind: PATH
				        pattern: /web/**
				    filters:
				      - name: StripPrefix
				        args: { parts: "1" }
				""");

		Seed seed = Seed.read(file);

		assertThat(seed.pools()).singleElement().satisfies((pool) -> assertThat(pool.maxSize()).isEqualTo(5));
		assertThat(seed.routes()).singleElement()
			.satisfies((route) -> assertThat(route.predicates()).containsExactly(RoutePredicate.path("/web/**")));
	}

	@Test
	void refusesTheWholeFileWhenOneRecordIsInvalidAndSaysWhy() throws Exception {
		Path file = this.folder.resolve("seed.yml");
		Files.writeString(file, """
				pools:
				  - name: web
				    minSize: 3
				    maxSize: 1
				""");

		assertThatIllegalArgumentException().isThrownBy(() -> Seed.read(file))
			.withMessageContaining("seed file")
			.withMessageContaining("maxSize must be at least 1 and at least minSize");
	}

	@Test
	void refusesAMisspeltField() throws Exception {
		Path file = this.folder.resolve("seed.yml");
		Files.writeString(file, "routs: []\n");

		assertThatIllegalArgumentException().isThrownBy(() -> Seed.read(file)).withMessageContaining("routs");
	}

}
