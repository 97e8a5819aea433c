package io.monkeyfleet.provisioner.inventory;

/**
 * The patterns every id and name in the inventory follows. They are kept to characters
 * that are never special in a Redis key, a URL path or a shell word, so an id can never
 * smuggle anything into a command.
 */
public final class Names {

	/** Host ids, template names, process names: the fleet's own name rule. */
	public static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}";

	/**
	 * Package names as a package manager spells them (Debian's rule, plus {@code =} and
	 * {@code :} for versions and architectures).
	 */
	public static final String PACKAGE = "[A-Za-z0-9][A-Za-z0-9.+:=~_-]{0,127}";

	/** An absolute path without {@code ..}, spaces or shell metacharacters. */
	public static final String PATH = "(/[A-Za-z0-9._-]+)+/?";

	private Names() {
	}

	static void require(String value, String pattern, String what) {
		if (value == null || !value.matches(pattern)) {
			throw new IllegalArgumentException(what + " '" + value + "' must match " + pattern);
		}
	}

}
