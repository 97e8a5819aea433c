package io.monkeyfleet.monkey.admin;

import java.util.regex.Pattern;

/** The fleet's name rule for ids in paths and bodies (as {@code Require.name}). */
final class Names {

	static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}";

	private static final Pattern PATTERN = Pattern.compile(NAME);

	private Names() {
	}

	/** Whether {@code id} could name anything at all; one that cannot exists nowhere. */
	static boolean valid(String id) {
		return id != null && PATTERN.matcher(id).matches();
	}

}
