package io.monkeyfleet.store;

import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON for every record kept in Redis. Decoding is where validation at the edge happens:
 * the records' constructors check their values, and anything that fails comes out as a
 * {@link MalformedRecordException} naming the key and the problem.
 */
public final class FleetCodec {

	private final JsonMapper mapper;

	public FleetCodec() {
		this.mapper = JsonMapper.builder()
			// A newer writer may add fields; an older reader ignores them rather than
			// failing.
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			// A missing number must not quietly read as 0 (a sample without CPU is not
			// "0% CPU");
			// a missing object reads as null, which the record's own checks then refuse.
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.build();
	}

	public String encode(Object value) {
		return this.mapper.writeValueAsString(value);
	}

	/**
	 * @param source the key the JSON was read from, for the error message
	 * @throws MalformedRecordException when the JSON does not make a valid {@code type}
	 */
	public <T> T decode(String json, Class<T> type, String source) {
		if (json == null || json.isBlank()) {
			throw new MalformedRecordException(source, "empty value where a " + type.getSimpleName() + " was expected",
					null);
		}
		try {
			return this.mapper.readValue(json, type);
		}
		catch (JacksonException ex) {
			throw new MalformedRecordException(source, "not a valid " + type.getSimpleName() + ": " + rootMessage(ex),
					ex);
		}
	}

	private static String rootMessage(JacksonException ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		if (cause instanceof IllegalArgumentException) {
			// A record's own check said what was wrong; that is the message a reader
			// wants.
			return cause.getMessage();
		}
		String message = ex.getOriginalMessage();
		int hint = message.indexOf(" (set `");
		message = (hint > 0) ? message.substring(0, hint) : message;
		if (ex instanceof DatabindException databind && !databind.getPath().isEmpty()) {
			String field = databind.getPath()
				.stream()
				.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
						: String.valueOf(reference.getIndex()))
				.collect(Collectors.joining("."));
			return "field '" + field + "': " + message;
		}
		return message;
	}

}
