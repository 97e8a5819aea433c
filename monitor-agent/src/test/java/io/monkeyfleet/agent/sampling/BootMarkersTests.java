package io.monkeyfleet.agent.sampling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BootMarkersTests {

	@TempDir
	Path folder;

	@Nested
	class FromAFile {

		@Test
		void isTheFilesContentWithoutTheNewline() throws IOException {
			Path file = Files.writeString(BootMarkersTests.this.folder.resolve("boot_id"),
					"6f1c2d9e-0a4b-4c5d-9e8f-123456789abc\n");

			assertThat(BootMarkers.fromFile(file)).isEqualTo("6f1c2d9e-0a4b-4c5d-9e8f-123456789abc");
		}

		@Test
		void isTheKernelsBootIdByDefault() throws IOException {
			Path kernel = Path.of("/proc/sys/kernel/random/boot_id");

			assertThat(BootMarkers.fromFile(kernel)).isEqualTo(Files.readString(kernel).strip())
				.matches("[0-9a-f-]{36}");
		}

		@Test
		void refusesAMissingFile() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> BootMarkers.fromFile(BootMarkersTests.this.folder.resolve("nothing")))
				.withMessageEndingWith("nothing: no such file");
		}

		@Test
		void refusesAnEmptyOrBlankFile() throws IOException {
			Path file = Files.writeString(BootMarkersTests.this.folder.resolve("blank"), " \n");

			assertThatIllegalArgumentException().isThrownBy(() -> BootMarkers.fromFile(file))
				.withMessageContaining("must be 1 to 128 visible ASCII characters");
		}

		@Test
		void refusesContentThatIsNotOneShortToken() throws IOException {
			Path words = Files.writeString(BootMarkersTests.this.folder.resolve("words"), "two words");
			Path longer = Files.writeString(BootMarkersTests.this.folder.resolve("long"), "x".repeat(129));
			Path huge = Files.writeString(BootMarkersTests.this.folder.resolve("huge"), "y".repeat(100_000));

			for (Path file : new Path[] { words, longer, huge }) {
				assertThatIllegalArgumentException().isThrownBy(() -> BootMarkers.fromFile(file))
					.withMessageContaining("must be 1 to 128 visible ASCII characters");
			}
		}

	}

	@Nested
	class FromTheStartOfProcessOne {

		@Test
		void isField22OfItsStatLine() throws IOException {
			Path stat = Files.writeString(BootMarkersTests.this.folder.resolve("stat"),
					"1 (tini) S 0 1 1 0 -1 4194560 1031 0 0 0 2 1 0 0 20 0 1 0 12345678 2478080 183 "
							+ "18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 0 0 0 0 0 0\n");

			assertThat(BootMarkers.initStart(stat)).isEqualTo("12345678");
		}

		@Test
		void countsFieldsFromTheEndOfTheCommandWhateverItHolds() throws IOException {
			Path stat = Files.writeString(BootMarkersTests.this.folder.resolve("stat"),
					"1 (my (odd) init) S 0 1 1 0 -1 4194560 1031 0 0 0 2 1 0 0 20 0 1 0 987 2478080 183\n");

			assertThat(BootMarkers.initStart(stat)).isEqualTo("987");
		}

		@Test
		void readsThisMachinesProcessOne() {
			assertThat(BootMarkers.initStart(BootMarkers.INIT_STAT)).matches("[0-9]+");
			assertThat(BootMarkers.initStart(BootMarkers.INIT_STAT))
				.isEqualTo(BootMarkers.initStart(BootMarkers.INIT_STAT));
		}

		@Test
		void refusesWhatIsNotAStatLine() throws IOException {
			Path garbage = Files.writeString(BootMarkersTests.this.folder.resolve("garbage"), "hello world");
			Path cut = Files.writeString(BootMarkersTests.this.folder.resolve("cut"), "1 (init) S 0 1 1");

			for (Path stat : new Path[] { garbage, cut }) {
				assertThatIllegalArgumentException().isThrownBy(() -> BootMarkers.initStart(stat))
					.withMessageContaining("is not a process stat line (no start time in field 22)");
			}
			assertThatIllegalArgumentException()
				.isThrownBy(() -> BootMarkers.initStart(BootMarkersTests.this.folder.resolve("none")))
				.withMessageEndingWith("none: no such file");
		}

	}

}
