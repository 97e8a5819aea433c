package io.monkeyfleet.ssrf;

/** {@code 8080} or {@code 1024-65535}. */
record PortRange(int from, int to) {

	PortRange {
		if (from < 1 || to > 65535 || from > to) {
			throw new IllegalArgumentException("port range " + from + "-" + to + " must lie within 1-65535, low first");
		}
	}

	static PortRange parse(String text) {
		String trimmed = (text != null) ? text.trim() : "";
		int dash = trimmed.indexOf('-');
		try {
			if (dash < 0) {
				int port = Integer.parseInt(trimmed);
				return new PortRange(port, port);
			}
			return new PortRange(Integer.parseInt(trimmed.substring(0, dash).trim()),
					Integer.parseInt(trimmed.substring(dash + 1).trim()));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("port range '" + text + "' must look like 8080 or 1024-65535");
		}
	}

	boolean contains(int port) {
		return port >= this.from && port <= this.to;
	}

	@Override
	public String toString() {
		return (this.from == this.to) ? String.valueOf(this.from) : this.from + "-" + this.to;
	}

}
