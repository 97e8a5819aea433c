package io.monkeyfleet.gateway.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.FleetSnapshot;
import io.monkeyfleet.store.MalformedRecordException;

/**
 * The last good snapshot on local disk, so that a gateway starting while Redis is down
 * still routes. Written whole to a temporary file beside it, flushed to the disk, then
 * renamed over the old one: a crash mid-write leaves the previous file, never half of
 * one. Read back through the codec, so every record is validated as if it came from
 * Redis.
 */
final class SnapshotFile {

	/** Bumped when the layout changes incompatibly; other versions are ignored. */
	static final int FORMAT = 1;

	private final Path path;

	private final FleetCodec codec;

	SnapshotFile(Path path, FleetCodec codec) {
		this.path = path;
		this.codec = codec;
	}

	/**
	 * What is stored.
	 *
	 * @param format {@link #FORMAT}
	 * @param writtenAt when it was written
	 * @param fleet the applied fleet
	 * @param heldNodes nodes held routable by the shrink guard
	 */
	record Stored(int format, Instant writtenAt, FleetSnapshot fleet, Set<String> heldNodes) {
	}

	Path path() {
		return this.path;
	}

	void write(AppliedFleet applied, Instant now) throws IOException {
		byte[] json = this.codec.encode(new Stored(FORMAT, now, applied.fleet(), applied.heldNodes()))
			.getBytes(StandardCharsets.UTF_8);
		Path folder = this.path.toAbsolutePath().getParent();
		Files.createDirectories(folder);
		Path temporary = Files.createTempFile(folder, this.path.getFileName().toString(), ".tmp");
		try {
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
					StandardOpenOption.TRUNCATE_EXISTING)) {
				ByteBuffer buffer = ByteBuffer.wrap(json);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(true);
			}
			try {
				Files.move(temporary, this.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				throw new IOException("cannot replace " + this.path + " atomically (" + ex.getMessage()
						+ "); put the snapshot file on a local file system", ex);
			}
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/**
	 * The stored snapshot; empty when there is no file.
	 * @throws MalformedRecordException when there is one but it does not hold a valid
	 * snapshot
	 * @throws IOException when it cannot be read
	 */
	Optional<AppliedFleet> read() throws IOException {
		if (!Files.exists(this.path)) {
			return Optional.empty();
		}
		String json = Files.readString(this.path, StandardCharsets.UTF_8);
		Stored stored = this.codec.decode(json, Stored.class, this.path.toString());
		if (stored.format() != FORMAT || stored.fleet() == null) {
			throw new MalformedRecordException(this.path.toString(),
					"format " + stored.format() + " is not the supported format " + FORMAT, null);
		}
		return Optional
			.of(new AppliedFleet(stored.fleet(), (stored.heldNodes() != null) ? stored.heldNodes() : Set.of()));
	}

}
