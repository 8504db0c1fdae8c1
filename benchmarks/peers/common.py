"""Shared helpers of the peer harnesses: JSON lines, versions, BLAS info, peak memory, medians."""
import json
import os
import platform
import resource
import statistics
import sys


def emit(obj):
    print(json.dumps(obj), flush=True)


def blas_info():
    """threadpoolctl's view of the loaded BLAS/OpenMP libraries (core type actually used, threads)."""
    try:
        import threadpoolctl
        keys = ('internal_api', 'version', 'architecture', 'num_threads', 'threading_layer')
        return [{k: v for k, v in d.items() if k in keys} for d in threadpoolctl.threadpool_info()]
    except Exception as e:  # threadpoolctl missing or failing: say so instead of guessing
        return 'threadpoolctl unavailable: %s' % e


def env_info(**extra):
    info = {'python': platform.python_version(), 'cpus': os.cpu_count(),
            'OPENBLAS_CORETYPE': os.environ.get('OPENBLAS_CORETYPE'),
            'OMP_NUM_THREADS': os.environ.get('OMP_NUM_THREADS'),
            'loadavg': list(os.getloadavg())}
    for mod in ('numpy', 'scipy', 'torch', 'gensim'):
        if mod in sys.modules:  # never import here: an import would add to the peak RSS measured
            info[mod] = sys.modules[mod].__version__
    info.update(extra)
    return info


def max_rss_mib():
    """Peak resident set size of this process (ru_maxrss, KiB on Linux), in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def rss_mib():
    """Current resident set size (VmRSS), in MiB, or None without /proc."""
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def summary(times):
    return {'times_s': [round(t, 4) for t in times], 'median_s': round(statistics.median(times), 4),
            'min_s': round(min(times), 4)}
