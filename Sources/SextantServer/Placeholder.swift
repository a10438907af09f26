import Hummingbird
import SQLKit
import Prometheus
import Yams
import SextantStorage
