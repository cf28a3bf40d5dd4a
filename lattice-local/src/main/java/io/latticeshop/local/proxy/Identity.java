package io.latticeshop.local.proxy;

import io.latticeshop.local.policy.Caller;
import io.latticeshop.local.template.Topology.Vpc;

/** A caller and the VPC its requests come from. */
public record Identity(Caller caller, Vpc vpc) {
}
