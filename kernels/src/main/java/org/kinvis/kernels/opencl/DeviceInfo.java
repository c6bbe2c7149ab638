package org.kinvis.kernels.opencl;

/**
 * An OpenCL device as {@code kinvis devices} lists it.
 *
 * @param index flat index over all platforms' devices (what {@code --device N} selects)
 */
public record DeviceInfo(int index, String platform, String name, String vendor, String type, int computeUnits,
        long globalMemory, long maxAlloc, long localMemory, long maxWorkGroupSize, boolean fp64) {
}
