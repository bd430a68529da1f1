package org.didban.rules;

/**
 * {@code changed:} in a rule: an occurrence is a sample whose value ({@code value}) or whose
 * label set ({@code labels}, e.g. a new LLDP neighbour or serial number in an info metric)
 * differs from the previous sample of the same metric on the same device.
 */
public enum ChangeTracking {
    NONE, VALUE, LABELS
}
