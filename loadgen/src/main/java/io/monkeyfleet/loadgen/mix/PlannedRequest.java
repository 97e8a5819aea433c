package io.monkeyfleet.loadgen.mix;

import java.util.List;

/**
 * One request a run will send, drawn from the mix before it is due.
 *
 * @param sequence its place in the run (0, 1, 2, ...); the same seed gives the same
 * request at the same place
 * @param method the method token, sent as is
 * @param target the request target (path and query), sent as is, malformed or not
 * @param headers sent in this order; a header with a {@code null} value is a raw line
 * sent as its name alone (a broken header)
 * @param body the body, empty for none
 * @param malformation how the request is malformed, or {@code null} for a well-formed
 * request
 */
public record PlannedRequest(long sequence, String method, String target, List<Header> headers, String body,
		Malformation malformation) {

	public PlannedRequest {
		headers = List.copyOf(headers);
		body = (body != null) ? body : "";
	}

	/** A header line. */
	public record Header(String name, String value) {

	}

	public boolean wellFormed() {
		return this.malformation == null;
	}

	/**
	 * A short name for reports: {@code GET /work} or {@code malformed BAD_ESCAPE}.
	 */
	public String label() {
		if (!wellFormed()) {
			return "malformed " + this.malformation;
		}
		int query = this.target.indexOf('?');
		return this.method + " " + ((query < 0) ? this.target : this.target.substring(0, query));
	}

}
