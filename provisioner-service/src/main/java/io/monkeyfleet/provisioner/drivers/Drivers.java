package io.monkeyfleet.provisioner.drivers;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.provisioner.inventory.DriverKind;
import io.monkeyfleet.provisioner.inventory.HostDefinition;

/** The driver for each kind of host. */
public class Drivers {

	private final Map<DriverKind, HostDriver> byKind = new EnumMap<>(DriverKind.class);

	public Drivers(List<HostDriver> drivers) {
		drivers.forEach((driver) -> this.byKind.put(driver.kind(), driver));
	}

	public HostDriver of(DriverKind kind) {
		HostDriver driver = this.byKind.get(kind);
		if (driver == null) {
			throw new UnsupportedOperationForHostException(
					"the " + kind.name().toLowerCase() + " driver is not enabled");
		}
		return driver;
	}

	public HostDriver of(HostDefinition host) {
		return of(host.driver());
	}

}
