package io.monkeyfleet.gateway.seed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.monkeyfleet.model.Pool;
import io.monkeyfleet.model.Route;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The contents of a seed file: pools and routes, spelled as their JSON in Redis but in
 * YAML. Every record checks itself as it is read, so a bad seed file is refused whole.
 *
 * @param pools pools to save
 * @param routes routes to save
 */
record Seed(List<Pool> pools, List<Route> routes) {

	private static final YAMLMapper MAPPER = YAMLMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	Seed {
		pools = (pools != null) ? List.copyOf(pools) : List.of();
		routes = (routes != null) ? List.copyOf(routes) : List.of();
	}

	/**
	 * @throws IllegalArgumentException naming the file and the problem
	 */
	static Seed read(Path file) {
		String yaml;
		try {
			yaml = Files.readString(file);
		}
		catch (IOException ex) {
			throw new BadSeedFileException("cannot read seed file " + file + ": " + ex.getMessage(), ex);
		}
		try {
			Seed seed = MAPPER.readValue(yaml, Seed.class);
			return (seed != null) ? seed : new Seed(List.of(), List.of());
		}
		catch (JacksonException ex) {
			Throwable cause = ex;
			while (cause.getCause() != null && cause.getCause() != cause) {
				cause = cause.getCause();
			}
			String why = (cause instanceof IllegalArgumentException) ? cause.getMessage() : ex.getOriginalMessage();
			throw new BadSeedFileException("seed file " + file + " is not valid: " + why, ex);
		}
	}

}
