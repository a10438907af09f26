import ArgumentParser
import AsyncHTTPClient
import SextantServer
@main struct Main: AsyncParsableCommand { func run() async throws {} }
