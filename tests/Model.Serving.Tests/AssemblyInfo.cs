// The fast tests, run alone with ./build.sh Test --test-filter TestCategory=Unit.
[assembly: Category("Unit")]
