package io.monkeyfleet.gateway.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.MalformedRecordException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SnapshotFileTests {

	private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

	@TempDir
	Path folder;

	@Test
	void readsBackExactlyWhatItWroteAndLeavesNoTemporaryFileBehind() throws Exception {
		SnapshotFile file = new SnapshotFile(this.folder.resolve("sub/snapshot.json"), new FleetCodec());
		AppliedFleet applied = new AppliedFleet(Fleets.at(T0).active("a", "web").route("web", "web").build(),
				Set.of("a"));

		file.write(applied, T0.plusSeconds(1));

		assertThat(file.read()).contains(applied);
		try (var files = Files.list(this.folder.resolve("sub"))) {
			assertThat(files.map((path) -> path.getFileName().toString())).containsExactly("snapshot.json");
		}
	}

	@Test
	void replacesTheOldFileWhole() throws Exception {
		SnapshotFile file = new SnapshotFile(this.folder.resolve("snapshot.json"), new FleetCodec());
		file.write(new AppliedFleet(Fleets.at(T0).active("a", "web").build(), Set.of()), T0);
		AppliedFleet newer = new AppliedFleet(Fleets.at(T0.plusSeconds(5)).active("b", "web").build(), Set.of());

		file.write(newer, T0.plusSeconds(5));

		assertThat(file.read()).contains(newer);
	}

	@Test
	void hasNothingWhenThereIsNoFile() throws Exception {
		assertThat(new SnapshotFile(this.folder.resolve("none.json"), new FleetCodec()).read()).isEmpty();
	}

	@Test
	void refusesAFileThatDoesNotHoldAValidSnapshot() throws Exception {
		Path path = this.folder.resolve("snapshot.json");
		SnapshotFile file = new SnapshotFile(path, new FleetCodec());
		file.write(new AppliedFleet(Fleets.at(T0).active("a", "web").build(), Set.of()), T0);
		Files.writeString(path, Files.readString(path).replace("8080", "70000"));

		assertThatExceptionOfType(MalformedRecordException.class).isThrownBy(file::read)
			.withMessageContaining("port must be between 1 and 65535");
		Files.writeString(path, "{\"format\":99,\"fleet\":{}}");
		assertThatExceptionOfType(MalformedRecordException.class).isThrownBy(file::read)
			.withMessageContaining("format 99");
	}

}
