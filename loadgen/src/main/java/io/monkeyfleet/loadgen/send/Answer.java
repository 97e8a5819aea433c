package io.monkeyfleet.loadgen.send;

/**
 * What came back for one request.
 *
 * @param status the HTTP status, or {@link #NONE} when no answer came at all
 * @param error why no answer came ({@code timeout}, {@code connect}, {@code closed},
 * ...), or {@code null}
 * @param answeredBy which node answered, when the answer says so, or {@code null}
 */
public record Answer(int status, String error, String answeredBy) {

	public static final int NONE = -1;

	public static Answer of(int status, String answeredBy) {
		return new Answer(status, null, answeredBy);
	}

	public static Answer none(String error) {
		return new Answer(NONE, error, null);
	}

	public boolean answered() {
		return this.status != NONE;
	}

}
