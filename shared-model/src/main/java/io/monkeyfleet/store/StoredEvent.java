package io.monkeyfleet.store;

import io.monkeyfleet.model.FleetEvent;

/**
 * A fleet event with its id in the event stream ({@code 1732440000000-0}); ids grow with
 * time, so a reader pages on by passing the last id it saw.
 */
public record StoredEvent(String id, FleetEvent event) {
}
